using System.Text;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Writes text taken from a message into a policy as literal characters: IAM reads *, ? and ${...} in a Resource as
    /// wildcards and variables, and its escapes ${*}, ${?} and ${$} stand for the characters themselves.
    /// </summary>
    public static class PolicyLiteral
    {
        /// <summary>The text with every *, ? and $ escaped.</summary>
        public static string Escape(string text)
        {
            if (text is null || (text.IndexOf('*') < 0 && text.IndexOf('?') < 0 && text.IndexOf('$') < 0))
            {
                return text ?? string.Empty;
            }

            var escaped = new StringBuilder(text.Length + 8);
            foreach (char c in text)
            {
                if (c == '*' || c == '?' || c == '$')
                {
                    escaped.Append("${").Append(c).Append('}');
                }
                else
                {
                    escaped.Append(c);
                }
            }

            return escaped.ToString();
        }

        /// <summary>The text without surrounding quotes or stray quote characters (messages quote resource names; ARNs hold no quotes).</summary>
        public static string Unquote(string text)
        {
            string trimmed = (text ?? string.Empty).Trim();
            return trimmed.Replace("\"", string.Empty).Trim('\'', '`', ' ');
        }
    }
}
