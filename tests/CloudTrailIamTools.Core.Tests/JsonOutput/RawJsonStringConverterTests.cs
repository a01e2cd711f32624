using System.Text.Json;
using System.Text.Json.Serialization;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Core.Tests.JsonOutput
{
    public sealed class RawJsonStringConverterTests
    {
        private sealed class Holder
        {
            public Holder(string? policy) => Policy = policy;

            [JsonConverter(typeof(RawJsonStringConverter))]
            public string? Policy { get; }
        }

        [Fact]
        public void WritesPolicyTextAsAnObjectOnOneLine()
        {
            string indented = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}";

            string json = JsonSerializer.Serialize(new Holder(indented), CoreJson.Output);

            Assert.Equal("{\"Policy\":{\"Version\":\"2012-10-17\",\"Statement\":[]}}", json);
        }

        [Fact]
        public void WritesNullAsNull()
        {
            Assert.Equal("{\"Policy\":null}", JsonSerializer.Serialize(new Holder(null), CoreJson.Output));
        }

        [Fact]
        public void ScenarioResultsCarryTheMissingPolicyAsAnObject()
        {
            var property = typeof(CloudTrailIamTools.Core.Evaluation.ScenarioResult).GetProperty("MissingPermissionsPolicy")!;

            Assert.Contains(property.CustomAttributes, a => a.AttributeType == typeof(JsonConverterAttribute));
        }
    }
}
