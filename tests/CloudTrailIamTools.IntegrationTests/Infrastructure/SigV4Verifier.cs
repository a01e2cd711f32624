using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CloudTrailIamTools.IntegrationTests.Infrastructure
{
    /// <summary>
    /// Test-side check of AWS Signature Version 4 on a received request, recomputed from the known test secret.
    /// The clients never sign by hand; this only proves the SDK signed what we sent, for the right scope.
    /// </summary>
    public static class SigV4Verifier
    {
        private static readonly Regex AuthorizationShape = new Regex(
            "^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<headers>[^,]+), ?Signature=(?<signature>[0-9a-f]{64})$");

        /// <summary>Null when the signature is valid for the expected key, service and region; otherwise why not.</summary>
        public static string? Verify(
            string method, string rawPath, string rawQuery, IReadOnlyDictionary<string, string> headers, byte[] body,
            string accessKey, string secretKey, string expectedService, string expectedRegion)
        {
            if (!headers.TryGetValue("authorization", out string? authorization))
            {
                return "no Authorization header";
            }

            Match match = AuthorizationShape.Match(authorization);
            if (!match.Success)
            {
                return "Authorization header is not SigV4: " + authorization;
            }

            if (match.Groups["key"].Value != accessKey)
            {
                return "signed with access key " + match.Groups["key"].Value;
            }

            if (match.Groups["service"].Value != expectedService || match.Groups["region"].Value != expectedRegion)
            {
                return $"credential scope {match.Groups["region"].Value}/{match.Groups["service"].Value}, expected {expectedRegion}/{expectedService}";
            }

            if (!headers.TryGetValue("x-amz-date", out string? amzDate) || !amzDate.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal))
            {
                return "x-amz-date missing or not matching the credential scope date";
            }

            string payloadHash = Hex(SHA256.HashData(body));
            if (headers.TryGetValue("x-amz-content-sha256", out string? declaredHash) && declaredHash != payloadHash)
            {
                return "x-amz-content-sha256 does not match the body";
            }

            string[] signedHeaders = match.Groups["headers"].Value.Split(';');
            if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
            {
                return "host and x-amz-date must be signed";
            }

            var canonicalHeaders = new StringBuilder();
            foreach (string name in signedHeaders)
            {
                if (!headers.TryGetValue(name, out string? value))
                {
                    return "signed header missing from the request: " + name;
                }

                canonicalHeaders.Append(name).Append(':').Append(Regex.Replace(value.Trim(), "\\s+", " ")).Append('\n');
            }

            string canonicalRequest = string.Join(
                "\n",
                method,
                string.IsNullOrEmpty(rawPath) ? "/" : rawPath,
                CanonicalQuery(rawQuery),
                canonicalHeaders.ToString(),
                match.Groups["headers"].Value,
                payloadHash);
            string scope = $"{match.Groups["date"].Value}/{expectedRegion}/{expectedService}/aws4_request";
            string stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
            byte[] key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), match.Groups["date"].Value);
            key = Hmac(key, expectedRegion);
            key = Hmac(key, expectedService);
            key = Hmac(key, "aws4_request");
            string expected = Hex(Hmac(key, stringToSign));
            return expected == match.Groups["signature"].Value ? null : "signature mismatch; canonical request was:\n" + canonicalRequest;
        }

        private static string CanonicalQuery(string rawQuery)
        {
            if (string.IsNullOrEmpty(rawQuery))
            {
                return string.Empty;
            }

            return string.Join(
                "&",
                rawQuery.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                    .Select(pair => pair.Contains('=') ? pair : pair + "=")
                    .OrderBy(pair => pair, StringComparer.Ordinal));
        }

        private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

        private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLower(CultureInfo.InvariantCulture);
    }
}
