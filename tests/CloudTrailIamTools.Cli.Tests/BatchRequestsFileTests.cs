using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CloudTrailIamTools.Cli.Tests
{
    /// <summary>
    /// `test-permission --requests FILE` reads the file as bytes (cut into lines and decoded on every core); it must
    /// answer exactly as the same requests typed on standard input (read as text): the same lines, in order, with the
    /// same line numbers on error lines and the same exit code, whatever the file's encoding, line ends and blank lines.
    /// </summary>
    public sealed class BatchRequestsFileTests : IDisposable
    {
        private const string User = "arn:aws:iam::111122223333:user/alice";
        private const string Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"arn:aws:s3:::données/*\"}]}";

        private readonly string directory = Path.Combine(Path.GetTempPath(), "batchfile-" + Guid.NewGuid().ToString("N"));

        public BatchRequestsFileTests()
        {
            Directory.CreateDirectory(directory);
        }

        public void Dispose() => Directory.Delete(directory, recursive: true);

        [Theory]
        [InlineData("utf-8")]
        [InlineData("utf-8-bom")]
        [InlineData("utf-16")]
        public void AFileIsAnsweredAsTheSameRequestsOnStandardInput(string encoding)
        {
            var text = new StringBuilder();
            for (int i = 0; i < 700; i++)
            {
                string line = (i % 7) switch
                {
                    0 => "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"Resource\":\"arn:aws:s3:::données/日本語-" + i + "\",\"IdentityPolicies\":[" + Policy + "]}",
                    1 => "{\"action\":\"s3:PutObject\",\"PRINCIPAL\":\"" + User + "\",\"Resource\":\"arn:aws:s3:::données/k\",\"IdentityPolicies\":[" + Policy + "]}",
                    2 => i % 2 == 0 ? "\u00A0" : " \t",
                    3 => "not json " + i,
                    4 => string.Empty,
                    5 => "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"Ünknown\":1}",
                    _ => "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + User + "\",\"Resource\":\"arn:aws:s3:::other/k\",\"IdentityPolicies\":[" + Policy + "]}",
                };
                text.Append(line).Append((i % 3) switch { 0 => "\n", 1 => "\r\n", _ => i % 7 == 6 ? "\r" : "\n" }); // a lone \r only before a line that is not empty
            }

            byte[] bytes = encoding switch
            {
                "utf-8" => Encoding.UTF8.GetBytes(text.ToString()),
                "utf-8-bom" => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(),
                _ => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(text.ToString())).ToArray(),
            };
            string path = Path.Combine(directory, "requests.jsonl");
            File.WriteAllBytes(path, bytes);

            CliResult fromFile = CliRunner.Run(null, "test-permission", "--requests", path);
            CliResult fromInput = CliRunner.Run(text.ToString(), "test-permission", "--requests", "-");

            Assert.Equal(fromInput.Output, fromFile.Output);
            Assert.Equal(1, fromFile.ExitCode); // error lines were written
            Assert.Equal(fromInput.ExitCode, fromFile.ExitCode);
            string[] lines = fromFile.OutputLines;
            Assert.Equal(500, lines.Length); // every line but the 200 blank ones
            int[] errorLines = lines.Select(line => JsonDocument.Parse(line).RootElement)
                .Where(line => line.TryGetProperty("Line", out _)).Select(line => line.GetProperty("Line").GetInt32()).ToArray();
            Assert.Equal(Enumerable.Range(0, 700).Where(i => i % 7 is 3 or 5).Select(i => i + 1), errorLines);
            Assert.Contains("données/日本語-0", lines[0], StringComparison.Ordinal);
        }
    }
}
