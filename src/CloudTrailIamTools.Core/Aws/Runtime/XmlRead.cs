using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>Namespace-agnostic reading of Query protocol XML (elements matched by local name).</summary>
    internal static class XmlRead
    {
        public static XElement? Child(this XElement? element, string name)
        {
            return element?.Elements().FirstOrDefault(e => e.Name.LocalName == name);
        }

        public static string? Text(this XElement? element, string name)
        {
            return element.Child(name)?.Value;
        }

        public static IEnumerable<XElement> Members(this XElement? element, string listName)
        {
            XElement? list = element.Child(listName);
            return list == null ? Enumerable.Empty<XElement>() : list.Elements().Where(e => e.Name.LocalName == "member");
        }

        public static IReadOnlyList<string> Strings(this XElement? element, string listName)
        {
            return element.Members(listName).Select(m => m.Value).ToList();
        }

        public static bool? Bool(this XElement? element, string name)
        {
            string? text = element.Text(name);
            return text == null ? (bool?)null : string.Equals(text.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        }

        public static int? Int(this XElement? element, string name)
        {
            string? text = element.Text(name);
            return text != null && int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : (int?)null;
        }

        public static DateTimeOffset? Date(this XElement? element, string name)
        {
            string? text = element.Text(name);
            return text != null && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
                ? value
                : (DateTimeOffset?)null;
        }

        public static IReadOnlyDictionary<string, string> Tags(this XElement? element, string listName = "Tags")
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var member in element.Members(listName))
            {
                string? key = member.Text("Key");
                if (key != null)
                {
                    tags[key] = member.Text("Value") ?? string.Empty;
                }
            }

            return tags;
        }

        /// <summary>Query maps: &lt;Name&gt;&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;...</summary>
        public static IReadOnlyDictionary<string, string> Map(this XElement? element, string name)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            XElement? container = element.Child(name);
            if (container == null)
            {
                return map;
            }

            foreach (var entry in container.Elements().Where(e => e.Name.LocalName == "entry"))
            {
                string? key = entry.Text("key");
                if (key != null)
                {
                    map[key] = entry.Text("value") ?? string.Empty;
                }
            }

            return map;
        }

        /// <summary>IAM returns policy documents URL-encoded (RFC 3986); documents that are already JSON are left alone.</summary>
        public static string? PolicyDocument(this XElement? element, string name)
        {
            return DecodePolicyDocument(element.Text(name));
        }

        public static string? DecodePolicyDocument(string? document)
        {
            if (document == null)
            {
                return null;
            }

            string trimmed = document.Trim();
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                return document;
            }

            return Uri.UnescapeDataString(trimmed);
        }
    }
}
