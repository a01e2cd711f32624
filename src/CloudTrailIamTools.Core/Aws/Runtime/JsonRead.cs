using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>Tolerant reading of JSON 1.1 responses: absent or mistyped members read as null.</summary>
    internal static class JsonRead
    {
        public static JsonElement? Member(this JsonElement element, string name)
        {
            return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
                ? value
                : (JsonElement?)null;
        }

        public static string? Str(this JsonElement element, string name)
        {
            var value = element.Member(name);
            if (value == null)
            {
                return null;
            }

            return value.Value.ValueKind == JsonValueKind.String ? value.Value.GetString() : value.Value.GetRawText();
        }

        public static bool? Bool(this JsonElement element, string name)
        {
            var value = element.Member(name);
            switch (value?.ValueKind)
            {
                case JsonValueKind.True: return true;
                case JsonValueKind.False: return false;
                case JsonValueKind.String: return bool.TryParse(value.Value.GetString(), out bool parsed) ? parsed : (bool?)null;
                default: return null;
            }
        }

        /// <summary>AWS JSON timestamps are epoch seconds; ISO strings are accepted too.</summary>
        public static DateTimeOffset? Date(this JsonElement element, string name)
        {
            var value = element.Member(name);
            if (value?.ValueKind == JsonValueKind.Number && value.Value.TryGetDouble(out double seconds))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
            }

            if (value?.ValueKind == JsonValueKind.String)
            {
                string text = value.Value.GetString() ?? string.Empty;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsedSeconds))
                {
                    return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(parsedSeconds * 1000));
                }

                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    return parsed;
                }
            }

            return null;
        }

        public static IEnumerable<JsonElement> Array(this JsonElement element, string name)
        {
            var value = element.Member(name);
            return value?.ValueKind == JsonValueKind.Array ? value.Value.EnumerateArray().ToList() : Enumerable.Empty<JsonElement>();
        }
    }
}
