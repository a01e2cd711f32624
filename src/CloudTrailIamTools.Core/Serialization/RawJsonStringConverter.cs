using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudTrailIamTools.Core.Serialization
{
    /// <summary>
    /// Writes a string that already holds JSON (a policy document) as that JSON, so the CLI shows an object
    /// where PowerShell users get the text they pass straight to Write-IAMUserPolicy.
    /// </summary>
    public sealed class RawJsonStringConverter : JsonConverter<string?>
    {
        public override bool HandleNull => true;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }

            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.GetRawText();
        }

        public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                // Re-emitted through the writer rather than copied raw, so an indented document stays on one line
                // in JSON Lines output and follows the writer's own formatting.
                using JsonDocument document = JsonDocument.Parse(value);
                document.RootElement.WriteTo(writer);
            }
        }
    }
}
