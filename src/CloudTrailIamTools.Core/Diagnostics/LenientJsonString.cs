using System;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// A JSON string's text even when System.Text.Json refuses it: an escaped lone surrogate ("\ud800") is valid JSON
    /// but not valid Unicode, and GetString throws InvalidOperationException. Log records are evidence, so the value is
    /// kept with U+FFFD in place of what cannot be text.
    /// </summary>
    internal static class LenientJsonString
    {
        /// <exception cref="InvalidOperationException">The raw bytes are not UTF-8 (callers repair the record and retry).</exception>
        public static string Read(JsonElement value)
        {
            try
            {
                return value.GetString() ?? string.Empty;
            }
            catch (InvalidOperationException exception) when (!(exception.InnerException is DecoderFallbackException))
            {
                return Unescape(value.GetRawText());
            }
        }

        /// <summary>Unescapes a raw JSON string token (with its quotes); unpaired surrogates become U+FFFD.</summary>
        internal static string Unescape(string raw)
        {
            var text = new StringBuilder(raw.Length);
            for (int i = 1; i < raw.Length - 1; i++)
            {
                char c = raw[i];
                if (c != '\\' || i + 1 >= raw.Length - 1)
                {
                    text.Append(c);
                    continue;
                }

                char escape = raw[++i];
                switch (escape)
                {
                    case 'b': text.Append('\b'); break;
                    case 'f': text.Append('\f'); break;
                    case 'n': text.Append('\n'); break;
                    case 'r': text.Append('\r'); break;
                    case 't': text.Append('\t'); break;
                    case 'u' when i + 4 < raw.Length - 1 && int.TryParse(raw.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code):
                        text.Append((char)code);
                        i += 4;
                        break;
                    default: text.Append(escape); break;
                }
            }

            for (int i = 0; i < text.Length; i++)
            {
                bool paired = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                if (paired)
                {
                    i++;
                }
                else if (char.IsSurrogate(text[i]))
                {
                    text[i] = '\uFFFD';
                }
            }

            return text.ToString();
        }
    }
}
