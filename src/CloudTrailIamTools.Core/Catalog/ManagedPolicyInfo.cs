using System;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>An AWS managed policy that grants at least one action of the services the catalog focuses on.</summary>
    public sealed class ManagedPolicyInfo
    {
        private readonly DocumentText document;

        public ManagedPolicyInfo(string name, string arn, string path, string? defaultVersionId, string document, bool isDeprecated, int grantedActionCount)
            : this(name, arn, path, defaultVersionId, new DocumentText(document ?? throw new ArgumentNullException(nameof(document))), isDeprecated, grantedActionCount)
        {
        }

        /// <summary>The catalog loader decodes documents on first use: most runs never read one.</summary>
        internal ManagedPolicyInfo(string name, string arn, string path, string? defaultVersionId, DocumentText document, bool isDeprecated, int grantedActionCount)
        {
            Name = name;
            Arn = arn;
            Path = path;
            DefaultVersionId = defaultVersionId;
            this.document = document;
            IsDeprecated = isDeprecated;
            GrantedActionCount = grantedActionCount;
        }

        public string Name { get; }

        /// <summary>The ARN in the aws partition; other partitions use the same path and name.</summary>
        public string Arn { get; }

        /// <summary>The IAM path, e.g. <c>/</c> or <c>/job-function/</c>.</summary>
        public string Path { get; }

        public string? DefaultVersionId { get; }

        /// <summary>The default version's policy document as minified JSON.</summary>
        public string Document => document.Text;

        /// <summary>The document as UTF-8, for parsing without a round trip through UTF-16.</summary>
        internal ReadOnlyMemory<byte> DocumentUtf8 => document.Utf8();

        public bool IsDeprecated { get; }

        /// <summary>How many catalog actions the policy's Allow statements grant; smaller means narrower.</summary>
        public int GrantedActionCount { get; }

        public override string ToString() => Name;
    }

    /// <summary>
    /// A policy document held either as text or as a JSON string token inside the catalog's bytes (decoded on
    /// first use; racing threads may both decode, and either result is the same).
    /// </summary>
    internal sealed class DocumentText
    {
        private readonly byte[]? json;
        private readonly int tokenStart;
        private readonly int valueLength;
        private readonly bool escaped;
        private readonly bool raw;
        private string? text;

        public DocumentText(string text)
        {
            this.text = text;
        }

        /// <summary>A string token: its opening quote at <paramref name="tokenStart"/>, then <paramref name="valueLength"/> bytes.</summary>
        public DocumentText(byte[] json, int tokenStart, int valueLength, bool escaped)
        {
            this.json = json;
            this.tokenStart = tokenStart;
            this.valueLength = valueLength;
            this.escaped = escaped;
        }

        /// <summary>Plain UTF-8 text (no quotes, no escapes) at <paramref name="start"/>, as the binary catalog holds documents.</summary>
        public DocumentText(byte[] utf8, int start, int length)
        {
            json = utf8;
            tokenStart = start - 1;
            valueLength = length;
            raw = true;
        }

        public string Text => text ??= Decode();

        public ReadOnlyMemory<byte> Utf8()
        {
            if (json is null)
            {
                return System.Text.Encoding.UTF8.GetBytes(text!);
            }

            if (!escaped || raw)
            {
                return new ReadOnlyMemory<byte>(json, tokenStart + 1, valueLength);
            }

            var reader = Token();
            var unescaped = new byte[valueLength];
            int written = reader.CopyString(unescaped);
            return new ReadOnlyMemory<byte>(unescaped, 0, written);
        }

        private string Decode()
        {
            if (!escaped || raw)
            {
                return System.Text.Encoding.UTF8.GetString(json!, tokenStart + 1, valueLength);
            }

            return Token().GetString() ?? string.Empty;
        }

        private System.Text.Json.Utf8JsonReader Token()
        {
            var reader = new System.Text.Json.Utf8JsonReader(new ReadOnlySpan<byte>(json!, tokenStart, valueLength + 2));
            reader.Read();
            return reader;
        }
    }

    /// <summary>A managed policy AWS has retired, and the one to use instead.</summary>
    public sealed class RetiredPolicyInfo
    {
        public RetiredPolicyInfo(string name, string arn, string replacedBy, string replacedByArn, string note)
        {
            Name = name;
            Arn = arn;
            ReplacedBy = replacedBy;
            ReplacedByArn = replacedByArn;
            Note = note;
        }

        public string Name { get; }

        public string Arn { get; }

        public string ReplacedBy { get; }

        public string ReplacedByArn { get; }

        /// <summary>When and how it was retired.</summary>
        public string Note { get; }

        public override string ToString() => Name;
    }
}
