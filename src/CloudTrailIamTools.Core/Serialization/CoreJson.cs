using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudTrailIamTools.Core.Serialization
{
    /// <summary>
    /// One set of JSON options for every output object, so the CLI's --json uses exactly the property
    /// names PowerShell users see on the cmdlets' objects, enums as names and absent values as null.
    /// </summary>
    public static class CoreJson
    {
        public static JsonSerializerOptions Output { get; } = CreateOutput(indented: false);

        public static JsonSerializerOptions OutputIndented { get; } = CreateOutput(indented: true);

        private static JsonSerializerOptions CreateOutput(bool indented)
        {
            var options = new JsonSerializerOptions
            {
                WriteIndented = indented,
                DefaultIgnoreCondition = JsonIgnoreCondition.Never,
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            };
            options.Converters.Add(new JsonStringEnumConverter());
            return options;
        }
    }
}
