using System;
using System.Net;
using System.Text;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>
    /// A successful HTTP answer whose body is not the protocol's XML or JSON (a proxy's or sign-in page's HTML, say).
    /// Thrown by our unmarshallers; the translator adds the endpoint and turns it into an AwsServiceCallException.
    /// </summary>
    internal sealed class UnreadableResponseException : Exception
    {
        private const int PreviewLength = 160;

        public UnreadableResponseException(string expected, HttpStatusCode statusCode, string? contentType, byte[] body, string? requestId, Exception? innerException)
            : base($"The answer is not {expected}: " + Preview(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, PreviewLength * 4)), body.Length, contentType), innerException)
        {
            Expected = expected;
            StatusCode = statusCode;
            ContentType = contentType;
            BodyLength = body.Length;
            BodyStart = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, PreviewLength * 4));
            RequestId = requestId;
        }

        /// <summary>"XML" or "JSON".</summary>
        public string Expected { get; }

        public HttpStatusCode StatusCode { get; }

        public string? ContentType { get; }

        public int BodyLength { get; }

        public string BodyStart { get; }

        public string? RequestId { get; }

        public string Describe() => Preview(BodyStart, BodyLength, ContentType);

        /// <summary>What came back, in one line: content type, size and the first characters with control characters shown as spaces.</summary>
        public static string Preview(string text, int length, string? contentType)
        {
            var shown = new StringBuilder();
            foreach (char c in text)
            {
                if (shown.Length >= PreviewLength)
                {
                    break;
                }

                shown.Append(char.IsControl(c) ? ' ' : c);
            }

            string type = string.IsNullOrWhiteSpace(contentType) ? "no content type" : "content type " + contentType!.Trim();
            string start = length == 0
                ? "an empty body"
                : $"{length} bytes beginning '{shown.ToString().Trim()}'{(text.Length > PreviewLength || length > text.Length ? "..." : string.Empty)}";
            return $"{type}, {start}";
        }
    }
}
