using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CloudTrailIamTools.IntegrationTests.Infrastructure
{
    /// <summary>
    /// Forwards every request to moto unchanged (moto does not check signatures while authorization is off), except that
    /// it answers the next N calls of a chosen Query action with a 500, as a write cut short by an outage would.
    /// </summary>
    public sealed class FaultyProxy : IDisposable
    {
        private static readonly HttpClient Forwarder = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        private readonly LoopbackHttpListener _listener;
        private readonly string _target;
        private int _failuresLeft;

        public FaultyProxy(string target)
        {
            _target = target.TrimEnd('/');
            _listener = new LoopbackHttpListener(ServeAsync);
        }

        public string EndpointUrl => _listener.EndpointUrl;

        /// <summary>The Query action to fail (e.g. PutRolePolicy).</summary>
        public string? FailingAction { get; private set; }

        public ConcurrentQueue<string> FailedActions { get; } = new ConcurrentQueue<string>();

        public void Fail(string action, int times)
        {
            FailingAction = action;
            Interlocked.Exchange(ref _failuresLeft, times);
        }

        public void Dispose() => _listener.Dispose();

        private async Task ServeAsync(HttpListenerContext context)
        {
            try
            {
                byte[] body;
                using (var buffer = new MemoryStream())
                {
                    await context.Request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
                    body = buffer.ToArray();
                }

                string text = Encoding.UTF8.GetString(body);
                if (FailingAction != null && text.Contains("Action=" + FailingAction + "&", StringComparison.Ordinal)
                    && Interlocked.Decrement(ref _failuresLeft) >= 0)
                {
                    FailedActions.Enqueue(FailingAction);
                    byte[] error = Encoding.UTF8.GetBytes(
                        "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Receiver</Type><Code>ServiceFailure</Code>" +
                        "<Message>Proxy cut the call short</Message></Error><RequestId>proxy-fault</RequestId></ErrorResponse>");
                    context.Response.StatusCode = 500;
                    context.Response.ContentType = "text/xml";
                    await context.Response.OutputStream.WriteAsync(error).ConfigureAwait(false);
                    context.Response.Close();
                    return;
                }

                using var forward = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), _target + context.Request.RawUrl);
                forward.Content = new ByteArrayContent(body);
                foreach (string? name in context.Request.Headers.AllKeys)
                {
                    if (name == null || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    string value = context.Request.Headers[name] ?? string.Empty;
                    if (!forward.Headers.TryAddWithoutValidation(name, value))
                    {
                        forward.Content.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                using HttpResponseMessage answer = await Forwarder.SendAsync(forward).ConfigureAwait(false);
                byte[] payload = await answer.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                context.Response.StatusCode = (int)answer.StatusCode;
                context.Response.ContentType = answer.Content.Headers.ContentType?.ToString() ?? "text/xml";
                context.Response.ContentLength64 = payload.Length;
                await context.Response.OutputStream.WriteAsync(payload).ConfigureAwait(false);
                context.Response.Close();
            }
            catch (Exception) when (_listener.IsStopping)
            {
            }
            catch (HttpListenerException)
            {
            }
            catch (IOException)
            {
            }
        }
    }
}
