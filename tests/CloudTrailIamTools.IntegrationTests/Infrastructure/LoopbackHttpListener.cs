using System;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace CloudTrailIamTools.IntegrationTests.Infrastructure
{
    /// <summary>
    /// An HttpListener on a free 127.0.0.1 port that hands each request to <c>serve</c> on its own task, for the
    /// in-process test servers (the signing stub, the faulty proxy). Disposing stops it and waits briefly for the loop.
    /// </summary>
    public sealed class LoopbackHttpListener : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Func<HttpListenerContext, Task> _serve;
        private readonly Task _loop;

        public LoopbackHttpListener(Func<HttpListenerContext, Task> serve)
        {
            _serve = serve ?? throw new ArgumentNullException(nameof(serve));
            for (int attempt = 0; ; attempt++)
            {
                // Another process can take the free port between the probe and Start: try a new one a few times.
                EndpointUrl = $"http://127.0.0.1:{MotoServerFixture.FreePort()}";
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add(EndpointUrl + "/");
                try
                {
                    _listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                }
            }

            _loop = Task.Run(AcceptLoopAsync);
        }

        public string EndpointUrl { get; private set; } = string.Empty;

        /// <summary>True once disposing has begun: a serve task failing then has nothing to report.</summary>
        public bool IsStopping => _stop.IsCancellationRequested;

        public void Dispose()
        {
            _stop.Cancel();
            // Close alone: on Linux, Close after Stop looks the port up again in the process-wide listener table and binds
            // it anew, by then possibly another stub's port ("Address already in use", or requests crossing stubs).
            _listener.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => _serve(context));
            }
        }
    }
}
