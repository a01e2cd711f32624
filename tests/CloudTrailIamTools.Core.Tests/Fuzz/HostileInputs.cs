using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace CloudTrailIamTools.Core.Tests.Fuzz
{
    /// <summary>
    /// Inputs a hostile or careless user feeds the readers: a fixed set of known troublemakers (deep nesting, huge lines,
    /// truncated and bomb-like gzip, bad UTF-8) and random ones (random bytes, mutated and cut logs, token soup).
    /// Shared by the core and the CLI fuzz tests.
    /// </summary>
    internal static class HostileInputs
    {
        private const string Denied = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111122223333:user/ana\",\"accountId\":\"111122223333\"}," +
            "\"eventTime\":\"2026-11-20T10:00:00Z\",\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"GetTrailStatus\",\"awsRegion\":\"us-east-1\"," +
            "\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User: arn:aws:iam::111122223333:user/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: \\\"main\\\"\"," +
            "\"requestParameters\":{\"name\":\"main\",\"n\":[1,2.5e300,-0,true,null]},\"eventID\":\"e1\",\"recipientAccountId\":\"111122223333\"}";

        private const string Succeeded = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"Root\",\"accountId\":\"111122223333\"},\"eventTime\":\"2026-11-20T10:00:00Z\"," +
            "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"DescribeInstances\",\"awsRegion\":\"us-east-1\"}";

        private static readonly string[] Tokens =
        {
            "{", "}", "[", "]", ":", ",", "\"", "\"Records\"", "\"errorCode\"", "\"AccessDenied\"", "\"errorMessage\"", "\"eventTime\"", "\"Events\"",
            "\"CloudTrailEvent\"", "\"2026-11-20T10:00:00Z\"", "1", "-1e999", "null", "true", " ", "\n", "\r\n", "\\u00", "\\ud800", "\\", "\u00ff", "\u2028",
            "User: arn:aws:iam::1:user/x is not authorized to perform: s3:GetObject on resource: ", "with an explicit deny in an identity-based policy",
            "{\"Records\":[", Denied, Succeeded,
        };

        /// <summary>
        /// Feeds every fixed input, then random ones until <paramref name="randomPhase"/> has passed, to <paramref name="feed"/>.
        /// The seed is handed on so that a failure names it and can be replayed.
        /// </summary>
        public static void FeedAll(TimeSpan randomPhase, Action<string, byte[], int> feed)
        {
            int seed = Environment.TickCount;
            var random = new Random(seed);
            foreach ((string name, byte[] bytes) in Fixed())
            {
                feed(name, bytes, seed);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < randomPhase)
            {
                (string name, byte[] bytes) = Random(random);
                feed(name, bytes, seed);
            }
        }

        /// <summary>The input written to <paramref name="folder"/> as a log file, named .json.gz when it starts with gzip's magic bytes.</summary>
        public static string WriteAsLogFile(string folder, byte[] bytes)
        {
            string file = Path.Combine(folder, "input.json" + (bytes.Length > 1 && bytes[0] == 0x1f && bytes[1] == 0x8b ? ".gz" : string.Empty));
            File.WriteAllBytes(file, bytes);
            return file;
        }

        public static byte[] Log(params string[] records) => Encoding.UTF8.GetBytes("{\"Records\":[" + string.Join(",", records) + "]}");

        public static IEnumerable<(string Name, byte[] Bytes)> Fixed()
        {
            byte[] log = Log(Denied, Succeeded, Denied);
            yield return ("empty", Array.Empty<byte>());
            yield return ("whitespace", Encoding.UTF8.GetBytes(" \n\t\r\n "));
            yield return ("valid log", log);
            yield return ("byte order mark and log", new byte[] { 0xEF, 0xBB, 0xBF }.Concat(log).ToArray());
            yield return ("UTF-16 log", Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(log)));
            yield return ("deep open arrays", Encoding.UTF8.GetBytes(new string('[', 100_000)));
            yield return ("deep closed arrays", Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)));
            yield return ("deep objects", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 5000)) + "1" + new string('}', 5000)));
            yield return ("deep inside a denied record", Log(Denied.Insert(1, "\"x\":" + new string('[', 1000) + new string(']', 1000) + ",")));
            yield return ("deep inside records", Encoding.UTF8.GetBytes("{\"Records\":[" + new string('[', 300) + new string(']', 300) + "," + Denied + "]}"));
            yield return ("huge line of text", Encoding.UTF8.GetBytes("User: arn:aws:iam::1:user/x is not authorized to perform: s3:GetObject on resource: " + new string('x', 6 << 20) + "\n"));
            yield return ("huge denied record", Log(Denied.Replace("resource: ", "resource: " + new string('y', 3 << 20))));
            yield return ("huge string outside records", Encoding.UTF8.GetBytes("{\"x\":\"" + new string('z', 3 << 20) + "\",\"Records\":[" + Denied + "]}"));
            yield return ("many small values", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(Denied + "\n", 2000))));
            yield return ("truncated gzip", Gzip(log).Take(Gzip(log).Length / 2).ToArray());
            yield return ("gzip header only", Gzip(log).Take(10).ToArray());
            yield return ("gzip of garbage", Gzip(Encoding.UTF8.GetBytes("not json at all \u0000\u0001")));
            yield return ("gzip of a log and garbage after it", Gzip(log).Concat(new byte[] { 1, 2, 3, 4 }).ToArray());
            yield return ("gzip inflating to 200 MB", GzipBomb(200 << 20));
            yield return ("nul bytes", new byte[4096]);
            yield return ("invalid UTF-8 in a denied record", Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Log(Denied))).Select(b => b == (byte)'a' ? (byte)0xFF : b).ToArray());
            yield return ("lone surrogate escapes", Encoding.UTF8.GetBytes("{\"errorCode\":\"AccessDenied\",\"errorMessage\":\"\\ud800 is not authorized to perform: \\udfff\",\"eventName\":\"\\ud800\"}\n"));
            yield return ("lookup-events output with bad inner JSON", Encoding.UTF8.GetBytes("{\"Events\":[{\"EventId\":\"1\",\"CloudTrailEvent\":\"{\\\"Records\\\":[\"},{\"CloudTrailEvent\":7},3,[]]}"));
            yield return ("records that are not objects", Encoding.UTF8.GetBytes("{\"Records\":[1,\"a\",null,[],[[]],{}]}"));
            yield return ("cut log then another log", Encoding.UTF8.GetBytes("{\"Records\":[" + Denied.Substring(0, 100) + "{\"Records\":[" + Denied + "]}"));
        }

        public static (string Name, byte[] Bytes) Random(Random random)
        {
            byte[] log = Log(Denied, Succeeded, Denied);
            switch (random.Next(6))
            {
                case 0:
                    {
                        var bytes = new byte[random.Next(0, 4096)];
                        random.NextBytes(bytes);
                        return ("random bytes", bytes);
                    }

                case 1:
                    return ("log cut at a random point", log.Take(random.Next(log.Length)).ToArray());
                case 2:
                    {
                        byte[] gzip = Gzip(log);
                        return ("gzip cut at a random point", gzip.Take(random.Next(gzip.Length)).ToArray());
                    }

                case 3:
                    {
                        byte[] mutated = (byte[])log.Clone();
                        for (int i = random.Next(1, 8); i > 0; i--)
                        {
                            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
                        }

                        return ("log with random bytes changed", mutated);
                    }

                case 4:
                    {
                        var text = new StringBuilder();
                        for (int i = random.Next(1, 200); i > 0; i--)
                        {
                            text.Append(Tokens[random.Next(Tokens.Length)]);
                        }

                        return ("token soup", Encoding.UTF8.GetBytes(text.ToString()));
                    }

                default:
                    {
                        byte[] gzip = Gzip(log);
                        gzip[10 + random.Next(gzip.Length - 10)] ^= (byte)(1 + random.Next(255));
                        return ("gzip with a flipped byte", gzip);
                    }
            }
        }

        public static byte[] Gzip(byte[] content)
        {
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
            {
                gzip.Write(content, 0, content.Length);
            }

            return memory.ToArray();
        }

        /// <summary>A log whose one denied record carries a string of the given size: a few hundred KB of gzip.</summary>
        private static byte[] GzipBomb(int size)
        {
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Optimal))
            {
                byte[] head = Encoding.UTF8.GetBytes("{\"Records\":[{\"errorCode\":\"AccessDenied\",\"x\":\"");
                gzip.Write(head, 0, head.Length);
                byte[] chunk = Enumerable.Repeat((byte)'A', 1 << 20).ToArray();
                for (int written = 0; written < size; written += chunk.Length)
                {
                    gzip.Write(chunk, 0, chunk.Length);
                }

                byte[] tail = Encoding.UTF8.GetBytes("\"}]}");
                gzip.Write(tail, 0, tail.Length);
            }

            return memory.ToArray();
        }
    }
}
