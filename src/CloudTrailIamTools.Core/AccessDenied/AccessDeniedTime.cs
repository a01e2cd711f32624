using System;
using System.Globalization;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>Time arguments for reports: ISO 8601 (no offset means UTC), or a span back from now such as 30m, 24h or 7d.</summary>
    public static class AccessDeniedTime
    {
        /// <exception cref="InvalidInputException">The text is neither.</exception>
        public static DateTimeOffset Parse(string text, DateTimeOffset now, string what)
        {
            string value = (text ?? string.Empty).Trim();
            if (value.Length >= 2 && char.IsDigit(value[0]) && "smhdw".IndexOf(char.ToLowerInvariant(value[value.Length - 1])) >= 0 &&
                long.TryParse(value.Substring(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out long amount) && amount <= 100_000)
            {
                TimeSpan unit = char.ToLowerInvariant(value[value.Length - 1]) switch
                {
                    's' => TimeSpan.FromSeconds(1),
                    'm' => TimeSpan.FromMinutes(1),
                    'h' => TimeSpan.FromHours(1),
                    'd' => TimeSpan.FromDays(1),
                    _ => TimeSpan.FromDays(7),
                };
                return now - TimeSpan.FromTicks(unit.Ticks * amount);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out DateTimeOffset time))
            {
                return time;
            }

            throw new InvalidInputException(
                "The " + what + " '" + text + "' is not a time: give an ISO 8601 time such as 2026-11-20T08:00:00Z (UTC when no offset is given) or a span back from now such as 30m, 24h, 7d.",
                what);
        }
    }
}
