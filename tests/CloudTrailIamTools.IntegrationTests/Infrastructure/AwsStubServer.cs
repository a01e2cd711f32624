using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Web;

namespace CloudTrailIamTools.IntegrationTests.Infrastructure
{
    public enum StubProtocol
    {
        /// <summary>AWS Query: form body, XML answers and &lt;ErrorResponse&gt; errors.</summary>
        Query,

        /// <summary>AWS JSON 1.1: X-Amz-Target, JSON answers and {"__type": ...} errors.</summary>
        Json,

        /// <summary>REST-JSON with a bearer token instead of SigV4 (the IAM Identity Center portal): the path is the operation, the query string the form.</summary>
        RestBearer,
    }

    public enum StubFault
    {
        Throttle,
        ServerError,

        /// <summary>Answers only after <see cref="AwsStubServer.SlowAnswerDelay"/>, longer than the client's timeout.</summary>
        SlowAnswer,
    }

    public sealed class StubRequest
    {
        public StubRequest(string operation, IReadOnlyDictionary<string, string> headers, string body, IReadOnlyDictionary<string, string> form, string? signatureProblem, DateTime receivedAt)
        {
            Operation = operation;
            Headers = headers;
            Body = body;
            Form = form;
            SignatureProblem = signatureProblem;
            ReceivedAt = receivedAt;
        }

        /// <summary>The Query Action or the part of X-Amz-Target after the last dot.</summary>
        public string Operation { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }
        public string Body { get; }
        public IReadOnlyDictionary<string, string> Form { get; }

        /// <summary>Null when the SigV4 signature checked out.</summary>
        public string? SignatureProblem { get; }
        public DateTime ReceivedAt { get; }
    }

    public sealed class StubResponse
    {
        public StubResponse(int status, string body, string? contentType = null)
        {
            Status = status;
            Body = body;
            ContentType = contentType;
        }

        public int Status { get; }
        public string Body { get; }

        /// <summary>Null: the protocol's own content type.</summary>
        public string? ContentType { get; }
    }

    /// <summary>
    /// An AWS-shaped HTTP endpoint on 127.0.0.1 for what moto lacks: checks every request's SigV4 signature with the
    /// known test keys (403 SignatureDoesNotMatch otherwise), answers in the service's protocol through a handler,
    /// and plays queued faults (throttling, 500, slow answers) first to exercise the SDK's retries.
    /// </summary>
    public sealed class AwsStubServer : IDisposable
    {
        public const string AccessKey = "AKIDSTUBEXAMPLE00001";
        public const string SecretKey = "stub/secret/key/for/sigv4/checks/only";

        private readonly LoopbackHttpListener _listener;
        private int _requestCounter;

        public AwsStubServer(StubProtocol protocol, string signingService, string signingRegion, Func<StubRequest, StubResponse> handler)
        {
            Protocol = protocol;
            SigningService = signingService;
            SigningRegion = signingRegion;
            Handler = handler;
            _listener = new LoopbackHttpListener(ServeAsync);
        }

        public StubProtocol Protocol { get; }
        public string SigningService { get; }
        public string SigningRegion { get; }
        public string EndpointUrl => _listener.EndpointUrl;
        public Func<StubRequest, StubResponse> Handler { get; set; }
        public ConcurrentQueue<StubFault> Faults { get; } = new ConcurrentQueue<StubFault>();
        public ConcurrentQueue<StubRequest> Requests { get; } = new ConcurrentQueue<StubRequest>();
        public TimeSpan SlowAnswerDelay { get; set; } = TimeSpan.FromSeconds(3);

        public IReadOnlyList<StubRequest> RequestsFor(string operation) => Requests.Where(r => r.Operation == operation).ToList();

        public void Dispose() => _listener.Dispose();

        public string ErrorBody(string code, string message, string requestId)
        {
            return Protocol == StubProtocol.Query
                ? $"<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{WebUtility.HtmlEncode(message)}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>"
                : $"{{\"__type\":\"{code}\",\"message\":\"{message.Replace("\"", "\\\"")}\"}}";
        }

        private async Task ServeAsync(HttpListenerContext context)
        {
            string requestId = "stub-" + Interlocked.Increment(ref _requestCounter).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                byte[] body;
                using (var buffer = new MemoryStream())
                {
                    await context.Request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
                    body = buffer.ToArray();
                }

                var headers = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (string? name in context.Request.Headers.AllKeys)
                {
                    if (name != null)
                    {
                        headers[name.ToLowerInvariant()] = context.Request.Headers[name] ?? string.Empty;
                    }
                }

                string text = Encoding.UTF8.GetString(body);
                var form = new Dictionary<string, string>(StringComparer.Ordinal);
                string operation;
                string rawUrl = context.Request.RawUrl ?? "/";
                int queryStart = rawUrl.IndexOf('?');
                if (Protocol == StubProtocol.RestBearer)
                {
                    var parsed = HttpUtility.ParseQueryString(queryStart < 0 ? string.Empty : rawUrl.Substring(queryStart + 1));
                    foreach (string? key in parsed.AllKeys)
                    {
                        if (key != null)
                        {
                            form[key] = parsed[key] ?? string.Empty;
                        }
                    }

                    operation = queryStart < 0 ? rawUrl : rawUrl.Substring(0, queryStart);
                }
                else if (Protocol == StubProtocol.Query)
                {
                    var parsed = HttpUtility.ParseQueryString(text);
                    foreach (string? key in parsed.AllKeys)
                    {
                        if (key != null)
                        {
                            form[key] = parsed[key] ?? string.Empty;
                        }
                    }

                    operation = form.TryGetValue("Action", out string? action) ? action : string.Empty;
                }
                else
                {
                    string target = headers.TryGetValue("x-amz-target", out string? value) ? value : string.Empty;
                    operation = target.Substring(target.LastIndexOf('.') + 1);
                }

                string? problem = Protocol == StubProtocol.RestBearer ? null : SigV4Verifier.Verify(
                    context.Request.HttpMethod,
                    queryStart < 0 ? rawUrl : rawUrl.Substring(0, queryStart),
                    queryStart < 0 ? string.Empty : rawUrl.Substring(queryStart + 1),
                    headers, body, AccessKey, SecretKey, SigningService, SigningRegion);
                var request = new StubRequest(operation, headers, text, form, problem, DateTime.UtcNow);
                Requests.Enqueue(request);

                StubResponse response;
                if (problem != null)
                {
                    response = new StubResponse(403, ErrorBody("SignatureDoesNotMatch", "Stub rejected the signature: " + problem, requestId));
                }
                else if (Faults.TryDequeue(out StubFault fault))
                {
                    switch (fault)
                    {
                        case StubFault.Throttle:
                            response = new StubResponse(400, ErrorBody(Protocol == StubProtocol.Query ? "Throttling" : "ThrottlingException", "Rate exceeded", requestId));
                            break;
                        case StubFault.ServerError:
                            response = new StubResponse(500, ErrorBody(Protocol == StubProtocol.Query ? "ServiceFailure" : "InternalFailure", "Stub internal failure", requestId));
                            break;
                        default:
                            await Task.Delay(SlowAnswerDelay).ConfigureAwait(false);
                            response = Handler(request);
                            break;
                    }
                }
                else
                {
                    response = Handler(request);
                }

                byte[] answer = Encoding.UTF8.GetBytes(response.Body);
                context.Response.StatusCode = response.Status;
                context.Response.ContentType = response.ContentType
                                               ?? (Protocol == StubProtocol.Query ? "text/xml" : Protocol == StubProtocol.Json ? "application/x-amz-json-1.1" : "application/json");
                context.Response.Headers["x-amzn-RequestId"] = requestId;
                context.Response.ContentLength64 = answer.Length;
                await context.Response.OutputStream.WriteAsync(answer).ConfigureAwait(false);
                context.Response.Close();
            }
            catch (Exception) when (_listener.IsStopping)
            {
            }
            catch (HttpListenerException)
            {
                // The client gave up on a slow answer; nothing to send.
            }
            catch (IOException)
            {
            }
        }
    }
}
