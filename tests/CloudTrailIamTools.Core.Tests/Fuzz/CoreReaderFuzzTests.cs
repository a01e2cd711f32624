using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CloudTrailIamTools.Core.AccessDenied;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.Fuzz
{
    [CollectionDefinition(nameof(FuzzCollection), DisableParallelization = true)]
    public sealed class FuzzCollection
    {
    }

    /// <summary>
    /// Every core reader, fed the fixed hostile inputs and then random ones for a fixed time: none may throw, and the heap
    /// stays bounded (inputs reach 200 MB inflated; the readers' cap is one 64 MB buffer).
    /// </summary>
    [Collection(nameof(FuzzCollection))]
    public sealed class CoreReaderFuzzTests : IDisposable
    {
        private static readonly TimeSpan RandomPhase = TimeSpan.FromSeconds(5);
        private const long HeapLimitMegabytes = 300;

        private readonly string root = Path.Combine(Path.GetTempPath(), "ctit-fuzz-" + Guid.NewGuid().ToString("N"));

        public CoreReaderFuzzTests()
        {
            Directory.CreateDirectory(root);
        }

        public void Dispose() => Directory.Delete(root, recursive: true);

        [Fact]
        public void EveryReaderSurvivesHostileInputWithBoundedMemory()
        {
            using var heap = new HeapWatch();
            HostileInputs.FeedAll(RandomPhase, (name, bytes, seed) => Feed(name, bytes, seed, heap));
        }

        private void Feed(string name, byte[] bytes, int seed, HeapWatch heap)
        {
            string file = HostileInputs.WriteAsLogFile(root, bytes);
            string text = Encoding.UTF8.GetString(bytes);
            var steps = new (string Reader, Action Run)[]
            {
                ("ScanPaths", () => new AccessDeniedScanner { MaxParallelism = 2 }.ScanPaths(new[] { root }).ToList()),
                ("ScanJsonValues(Stream)", () => new AccessDeniedScanner().ScanJsonValues(new MemoryStream(bytes)).ToList()),
                ("ScanJsonValues(Stream, small buffer)", () => new AccessDeniedScanner(null, null, 64, 1 << 20).ScanJsonValues(new MemoryStream(bytes)).ToList()),
                ("ScanJsonValues(TextReader)", () => new AccessDeniedScanner().ScanJsonValues(new StringReader(text)).ToList()),
                ("ScanStream", () => new AccessDeniedScanner(null, null, 64, 1 << 20).ScanStream(new MemoryStream(bytes), "f", _ => { })),
                ("ScanLookupEvents", () => new AccessDeniedScanner().ScanLookupEvents(new[] { new CloudTrailEvent("e", null, null, null, null, null, null, Array.Empty<CloudTrailEventResource>(), text) }).ToList()),
                ("ResolveFile", () => AccessErrorResolver.Default.ResolveFile(file).ToList()),
                ("ReadFile(small buffer)", () => AccessErrorResolver.Default.ReadFile("f", new MemoryStream(bytes), 64, 1 << 20).ToList()),
                ("Resolve(text)", () => AccessErrorResolver.Default.Resolve(text)),
                ("ResolveMessage", () => AccessErrorResolver.Default.ResolveMessage(text.Length > (1 << 20) ? text.Substring(0, 1 << 20) : text)),
                ("ResolveJson/ScanJson", () => ParsedJson(bytes)),
            };
            foreach ((string reader, Action run) in steps)
            {
                heap.Reset();
                try
                {
                    run();
                }
                catch (Exception exception)
                {
                    Assert.Fail(reader + " threw on '" + name + "' (seed " + seed + "): " + exception);
                }

                long grown = heap.PeakGrowthMegabytes;
                Assert.True(grown < HeapLimitMegabytes, reader + " on '" + name + "' (" + bytes.Length + " bytes) grew the heap by " + grown + " MB (seed " + seed + ").");
            }
        }

        private static void ParsedJson(byte[] bytes)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            }
            catch (JsonException)
            {
                return;
            }

            using (document)
            {
                AccessErrorResolver.Default.ResolveJson(document.RootElement);
                new AccessDeniedScanner().ScanJson(document.RootElement, "parsed");
            }
        }
    }
}
