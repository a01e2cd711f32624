using System;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>An AWS managed policy that grants at least one action of the services the catalog focuses on.</summary>
    public sealed class ManagedPolicyInfo
    {
        private readonly Lazy<string> document;

        public ManagedPolicyInfo(string name, string arn, string path, string? defaultVersionId, string document, bool isDeprecated, int grantedActionCount)
            : this(name, arn, path, defaultVersionId, Ready(document ?? throw new ArgumentNullException(nameof(document))), isDeprecated, grantedActionCount)
        {
        }

        /// <summary>The catalog loader decodes documents on first use: most runs never read one.</summary>
        internal ManagedPolicyInfo(string name, string arn, string path, string? defaultVersionId, Lazy<string> document, bool isDeprecated, int grantedActionCount)
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
        public string Document => document.Value;

        public bool IsDeprecated { get; }

        /// <summary>How many catalog actions the policy's Allow statements grant; smaller means narrower.</summary>
        public int GrantedActionCount { get; }

        public override string ToString() => Name;

        private static Lazy<string> Ready(string value) => new Lazy<string>(() => value);
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
