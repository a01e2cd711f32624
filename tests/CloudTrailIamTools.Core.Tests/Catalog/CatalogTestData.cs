using System.IO;
using System.IO.Compression;
using System.Text;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Tests.Catalog
{
    /// <summary>Builds small catalogs in the generator's format, for rules the real data cannot pin down.</summary>
    internal static class CatalogTestData
    {
        public static MemoryStream Gzip(string json)
        {
            var output = new MemoryStream();
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                byte[] bytes = Encoding.UTF8.GetBytes(json);
                gzip.Write(bytes, 0, bytes.Length);
            }

            output.Position = 0;
            return output;
        }

        public static IamCatalog Load(string json) => IamCatalog.Load(Gzip(json));

        /// <summary>A catalog with two s3 actions and the given managed policies (JSON array text).</summary>
        public static string WithPolicies(string policies) => @"{
  ""version"": ""test"",
  ""services"": [
    { ""prefix"": ""s3"",
      ""resourceTypes"": [ { ""name"": ""bucket"", ""arnFormats"": [ ""arn:${Partition}:s3:::${BucketName}"" ] } ],
      ""actions"": [
        ""DeleteBucket|Write|bucket*"",
        ""ListAllMyBuckets|List""
      ] }
  ],
  ""managedPolicies"": " + policies + @",
  ""retiredPolicies"": [],
  ""scenarios"": []
}";

        public static string Policy(string name, int count, string document) =>
            "{\"name\":\"" + name + "\",\"arn\":\"arn:aws:iam::aws:policy/" + name + "\",\"path\":\"/\",\"defaultVersionId\":\"v1\",\"grantedActionCount\":" +
            count + ",\"document\":" + System.Text.Json.JsonSerializer.Serialize(document) + "}";
    }
}
