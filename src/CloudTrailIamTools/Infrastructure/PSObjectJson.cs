using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Text;
using System.Text.Json;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>
    /// Turns what ConvertFrom-Json (or a hashtable) produced back into JSON text for the core, which reads
    /// events as JSON. PowerShell 7 turns ISO dates into DateTime; they are written back in ISO 8601.
    /// </summary>
    internal static class PSObjectJson
    {
        private const int MaxDepth = 64;

        public static string Write(object? value)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteValue(writer, value, 0);
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void WriteValue(Utf8JsonWriter writer, object? value, int depth)
        {
            if (depth > MaxDepth)
            {
                writer.WriteNullValue();
                return;
            }

            switch (value)
            {
                case null:
                    writer.WriteNullValue();
                    return;
                case PSObject wrapped when wrapped.BaseObject is PSCustomObject:
                    writer.WriteStartObject();
                    foreach (PSPropertyInfo property in wrapped.Properties)
                    {
                        writer.WritePropertyName(property.Name);
                        WriteValue(writer, property.Value, depth + 1);
                    }

                    writer.WriteEndObject();
                    return;
                case PSObject wrapped:
                    WriteValue(writer, wrapped.BaseObject, depth + 1);
                    return;
                case string text:
                    writer.WriteStringValue(text);
                    return;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    return;
                case DateTime time:
                    writer.WriteStringValue(time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    return;
                case DateTimeOffset time:
                    writer.WriteStringValue(time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                    return;
                case IDictionary dictionary:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty);
                        WriteValue(writer, entry.Value, depth + 1);
                    }

                    writer.WriteEndObject();
                    return;
                case IEnumerable sequence:
                    writer.WriteStartArray();
                    foreach (object? item in sequence)
                    {
                        WriteValue(writer, item, depth + 1);
                    }

                    writer.WriteEndArray();
                    return;
                case IConvertible number when IsNumber(number):
                    writer.WriteRawValue(Convert.ToString(number, CultureInfo.InvariantCulture)!);
                    return;
                default:
                    writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
            }
        }

        private static bool IsNumber(IConvertible value) => value.GetTypeCode() switch
        {
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or
            TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal => true,
            _ => false,
        };
    }
}
