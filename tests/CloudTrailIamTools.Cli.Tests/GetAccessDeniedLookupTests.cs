using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace CloudTrailIamTools.Cli.Tests
{
    [CollectionDefinition(nameof(ProcessEnvironmentCollection), DisableParallelization = true)]
    public sealed class ProcessEnvironmentCollection
    {
    }

    /// <summary>get-access-denied --lookup-events against a local endpoint; credentials come from the environment as in the AWS CLI.</summary>
    [Collection(nameof(ProcessEnvironmentCollection))]
    public sealed class GetAccessDeniedLookupTests : IDisposable
    {
        private static readonly string[] Variables = { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL" };

        private readonly ConcurrentQueue<(string Target, string Authorization, string Body)> requests = new ConcurrentQueue<(string, string, string)>();
        private readonly HttpListener listener = new HttpListener();
        private readonly string?[] saved;
        private (int Status, string Body) answer;
        private Func<string, (int Status, string Body)>? respond;

        public GetAccessDeniedLookupTests()
        {
            saved = Array.ConvertAll(Variables, Environment.GetEnvironmentVariable);
            foreach (string name in Variables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIDEXAMPLELOOKUP001");
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "lookup/test/secret");
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            listener.Prefixes.Add("http://127.0.0.1:" + Port + "/");
            listener.Start();
            _ = Task.Run(Serve);
        }

        private int Port { get; }

        public void Dispose()
        {
            listener.Close();
            for (int i = 0; i < Variables.Length; i++)
            {
                Environment.SetEnvironmentVariable(Variables[i], saved[i]);
            }
        }

        private async Task Serve()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException || exception is ObjectDisposedException || exception is InvalidOperationException)
                {
                    return;
                }

                string body;
                using (var reader = new StreamReader(context.Request.InputStream))
                {
                    body = reader.ReadToEnd();
                    requests.Enqueue((context.Request.Headers["X-Amz-Target"] ?? string.Empty, context.Request.Headers["Authorization"] ?? string.Empty, body));
                }

                (int Status, string Body) reply = respond?.Invoke(body) ?? answer;
                byte[] bytes = Encoding.UTF8.GetBytes(reply.Body);
                context.Response.StatusCode = reply.Status;
                context.Response.ContentType = "application/x-amz-json-1.1";
                context.Response.OutputStream.Write(bytes, 0, bytes.Length);
                context.Response.Close();
            }
        }

        private static string Event(string id, string principal, string code) =>
            JsonSerializer.Serialize(new
            {
                EventId = id,
                EventName = "GetTrailStatus",
                EventTime = 1763632800,
                CloudTrailEvent = "{\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"" + principal + "\"},\"eventTime\":\"2026-11-20T10:00:00Z\",\"eventSource\":\"cloudtrail.amazonaws.com\"," +
                                  "\"eventName\":\"GetTrailStatus\",\"awsRegion\":\"eu-west-1\",\"errorCode\":\"" + code + "\",\"errorMessage\":\"Access Denied\"}",
            });

        [Fact]
        public void ReadsTheEventHistoryOfTheRegionWithTheTimeWindow()
        {
            answer = (200, "{\"Events\":[" + Event("e1", "arn:aws:iam::111122223333:user/alice", "AccessDenied") + "," +
                           Event("e2", "arn:aws:iam::111122223333:user/alice", "ThrottlingException") + "]}");

            var result = CliRunner.Run(null, "get-access-denied", "--lookup-events", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:" + Port,
                "--since", "2026-11-20T00:00:00Z", "--until", "2026-11-21T00:00:00Z", "--json");

            Assert.Equal(0, result.ExitCode);
            using var group = JsonDocument.Parse(Assert.Single(result.OutputLines));
            Assert.Equal("cloudtrail:GetTrailStatus", group.RootElement.GetProperty("Action").GetString());
            Assert.Equal("LookupEvents#e1", group.RootElement.GetProperty("Diagnosis").GetProperty("Source").GetString());
            Assert.True(requests.TryPeek(out var request));
            Assert.Equal("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents", request.Target);
            Assert.Contains("Credential=AKIDEXAMPLELOOKUP001/", request.Authorization);
            Assert.Contains("/eu-west-1/cloudtrail/aws4_request", request.Authorization);
            using var body = JsonDocument.Parse(request.Body);
            Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), body.RootElement.GetProperty("StartTime").GetInt64());
        }

        [Fact]
        public void WithNoGroupEachPageIsWrittenBeforeTheNextPageIsRequested()
        {
            respond = body =>
            {
                int page = body.Contains("\"NextToken\":\"page-3\"", StringComparison.Ordinal) ? 3 : body.Contains("\"NextToken\":\"page-2\"", StringComparison.Ordinal) ? 2 : 1;
                return (200, "{\"Events\":[" + Event("e" + page, "arn:aws:iam::111122223333:user/alice", "AccessDenied") + "]" +
                             (page < 3 ? ",\"NextToken\":\"page-" + (page + 1) + "\"" : string.Empty) + "}");
            };
            var output = new RequestCountingWriter(() => requests.Count);

            int exitCode = CliApplication.Run(
                new[] { "get-access-denied", "--lookup-events", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:" + Port, "--no-group", "--json" },
                new StringReader(string.Empty), output, new StringWriter());

            Assert.Equal(0, exitCode);
            Assert.Equal(new[] { ("LookupEvents#e1", 1), ("LookupEvents#e2", 2), ("LookupEvents#e3", 3) },
                output.Lines.Select(line => (JsonDocument.Parse(line.Text).RootElement.GetProperty("Source").GetString()!, line.RequestsSoFar)));
        }

        [Fact]
        public void AFailureOnALaterPageStillReportsTheGroupsReadBeforeIt()
        {
            respond = body => body.Contains("NextToken", StringComparison.Ordinal)
                ? (400, "{\"__type\":\"InvalidNextTokenException\",\"Message\":\"The token is not valid.\"}")
                : (200, "{\"Events\":[" + Event("e1", "arn:aws:iam::111122223333:user/alice", "AccessDenied") + "],\"NextToken\":\"page-2\"}");

            var result = CliRunner.Run(null, "get-access-denied", "--lookup-events", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:" + Port, "--json");

            Assert.Equal(1, result.ExitCode);
            using var group = JsonDocument.Parse(Assert.Single(result.OutputLines));
            Assert.Equal(1, group.RootElement.GetProperty("Count").GetInt32());
            Assert.StartsWith("error: ", result.Error);
            Assert.Contains("InvalidNextToken", result.Error);
        }

        /// <summary>Notes, for every line written, how many requests the endpoint had received by then.</summary>
        private sealed class RequestCountingWriter : TextWriter
        {
            private readonly Func<int> requestsSoFar;

            public RequestCountingWriter(Func<int> requestsSoFar) => this.requestsSoFar = requestsSoFar;

            public List<(string Text, int RequestsSoFar)> Lines { get; } = new List<(string, int)>();

            public override Encoding Encoding => Encoding.UTF8;

            public override void WriteLine(string? value) => Lines.Add((value ?? string.Empty, requestsSoFar()));
        }

        [Fact]
        public void AFailedLookupIsAnErrorLineAndExitCodeOne()
        {
            answer = (400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: arn:aws:iam::111122223333:user/alice is not authorized to perform: cloudtrail:LookupEvents\"}");

            var result = CliRunner.Run(null, "get-access-denied", "--lookup-events", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:" + Port);

            Assert.Equal(1, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
            Assert.Contains("cloudtrail:LookupEvents", result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }
    }
}
