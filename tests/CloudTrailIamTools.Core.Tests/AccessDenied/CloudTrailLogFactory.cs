using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Tests.AccessDenied
{
    /// <summary>Writes CloudTrail log files shaped like real ones (compact JSON, {"Records": [...]}) into a temp tree.</summary>
    internal sealed class CloudTrailLogFactory : IDisposable
    {
        public CloudTrailLogFactory()
        {
            Root = Path.Combine(Path.GetTempPath(), "ctit-denied-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        public static string Record(string principalArn, string source, string name, DateTimeOffset time, string? errorCode = null,
            string? errorMessage = null, string? resourceArn = null, int padding = 0, string region = "us-east-1", string? eventId = null)
        {
            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("eventVersion", "1.09");
                json.WriteStartObject("userIdentity");
                json.WriteString("type", principalArn.Contains(":assumed-role/") ? "AssumedRole" : "IAMUser");
                json.WriteString("principalId", "AIDAEXAMPLE");
                json.WriteString("arn", principalArn);
                json.WriteString("accountId", principalArn.Split(':')[4]);
                json.WriteEndObject();
                json.WriteString("eventTime", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteString("eventSource", source);
                json.WriteString("eventName", name);
                json.WriteString("awsRegion", region);
                json.WriteString("sourceIPAddress", "203.0.113.7");
                json.WriteString("userAgent", "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64");
                if (errorCode is not null)
                {
                    json.WriteString("errorCode", errorCode);
                    json.WriteString("errorMessage", errorMessage ?? "Access Denied");
                }

                json.WriteStartObject("requestParameters");
                json.WriteString("name", "main");
                json.WriteStartArray("nested");
                json.WriteStartObject();
                json.WriteString("errorCode", "AccessDenied");
                json.WriteEndObject();
                json.WriteEndArray();
                if (padding > 0)
                {
                    json.WriteString("padding", new string('x', padding));
                }

                json.WriteEndObject();
                json.WriteNull("responseElements");
                json.WriteString("requestID", Guid.NewGuid().ToString());
                json.WriteString("eventID", eventId ?? Guid.NewGuid().ToString());
                json.WriteBoolean("readOnly", true);
                if (resourceArn is not null)
                {
                    json.WriteStartArray("resources");
                    json.WriteStartObject();
                    json.WriteString("accountId", principalArn.Split(':')[4]);
                    json.WriteString("type", "AWS::CloudTrail::Trail");
                    json.WriteString("ARN", resourceArn);
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                json.WriteString("eventType", "AwsApiCall");
                json.WriteBoolean("managementEvent", true);
                json.WriteString("recipientAccountId", principalArn.Split(':')[4]);
                json.WriteString("eventCategory", "Management");
                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        public static string Success(int i, DateTimeOffset time) =>
            Record("arn:aws:iam::111122223333:user/busy", "ec2.amazonaws.com", "DescribeInstances", time.AddSeconds(i));

        public static string Log(IEnumerable<string> records) => "{\"Records\":[" + string.Join(",", records) + "]}";

        /// <summary>Writes a file under Root (relative path with '/'); gzip when the name ends in .gz.</summary>
        public string Write(string relativePath, string content) => WriteBytes(relativePath, Encoding.UTF8.GetBytes(content));

        public string WriteBytes(string relativePath, byte[] content)
        {
            string path = Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (path.EndsWith(".gz", StringComparison.Ordinal) && !(content.Length > 1 && content[0] == 0x1f && content[1] == 0x8b))
            {
                using var file = File.Create(path);
                using var gzip = new GZipStream(file, CompressionLevel.Fastest);
                gzip.Write(content, 0, content.Length);
            }
            else
            {
                File.WriteAllBytes(path, content);
            }

            return path;
        }

        public static byte[] Gzip(string content)
        {
            using var memory = new MemoryStream();
            using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(content);
                gzip.Write(bytes, 0, bytes.Length);
            }

            return memory.ToArray();
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A log of many records made on the fly: the whole input never exists in memory at once.</summary>
    internal sealed class GeneratedLogStream : Stream
    {
        private readonly int records;
        private readonly Func<int, string> record;
        private int next = -1;
        private byte[] pending = Encoding.UTF8.GetBytes("{\"Records\":[");
        private int offset;

        public GeneratedLogStream(int records, Func<int, string> record)
        {
            this.records = records;
            this.record = record;
        }

        public long BytesProduced { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int start, int count)
        {
            int written = 0;
            while (written < count)
            {
                if (offset == pending.Length)
                {
                    next++;
                    if (next > records)
                    {
                        break;
                    }

                    pending = Encoding.UTF8.GetBytes(next == records ? "]}" : (next == 0 ? string.Empty : ",") + record(next));
                    offset = 0;
                    continue;
                }

                int take = Math.Min(count - written, pending.Length - offset);
                Buffer.BlockCopy(pending, offset, buffer, start + written, take);
                offset += take;
                written += take;
            }

            BytesProduced += written;
            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
