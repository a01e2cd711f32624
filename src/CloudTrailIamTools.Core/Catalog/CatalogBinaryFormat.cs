namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>
    /// The layout of the embedded binary catalog (catalog.bin), which <see cref="CatalogBinaryWriter"/> writes from the
    /// generator's JSON and <see cref="BinaryCatalogSource"/> reads part by part. All integers are 32-bit little-endian;
    /// a string is an index into one table of UTF-8 strings (-1 for none), so repeated names are stored and decoded once.
    /// <code>
    /// header    magic "CTIAMCT2", then the int fields below at their offsets
    /// services  per service: prefix, record offset; a record: name, resource types (name, ARN formats, keys),
    ///           condition keys (name, type), actions (name, access level, resource types (name, flags, keys?), keys)
    /// policies  count; per policy: name, arn, path, version, flags, granted action count, document offset, length
    /// rules     per policy: statements (flags, patterns), as PolicyGrantRules reads them from the document
    /// retired   count; per policy: name, arn, replaced by, replaced-by ARN, note
    /// scenarios count; per scenario: name, description, permissions (action, resource, sample, condition, reason, context),
    ///           then 0, or 1 and the service role (name, service, trust condition, reason, permissions)
    /// documents the managed policy documents as plain UTF-8, back to back
    /// strings   count + 1 offsets relative to the bytes that follow, then the bytes
    /// </code>
    /// </summary>
    internal static class CatalogBinaryFormat
    {
        public const string ResourceName = "CloudTrailIamTools.Catalog.catalog.bin";

        public static readonly byte[] Magic = { (byte)'C', (byte)'T', (byte)'I', (byte)'A', (byte)'M', (byte)'C', (byte)'T', (byte)'2' };

        public const int StringsOffset = 8;
        public const int StringCount = 12;
        public const int Version = 16;
        public const int ServiceCount = 20;
        public const int ServicesOffset = 24;
        public const int PoliciesOffset = 28;
        public const int RulesOffset = 32;
        public const int RetiredOffset = 36;
        public const int ScenariosOffset = 40;
        public const int DocumentsOffset = 44;
        public const int TotalLength = 48;
        public const int HeaderLength = 52;

        public const int ActionTypeRequired = 1;
        public const int ActionTypeHasKeys = 2;
        public const int PolicyDeprecated = 1;
        public const int StatementAllow = 1;
        public const int StatementNotAction = 2;
        public const int StatementDeniesEverywhere = 4;
    }
}
