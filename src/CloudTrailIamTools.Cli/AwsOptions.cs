using System;
using System.CommandLine;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.Cli
{
    /// <summary>--profile, --region, --endpoint-url and --timeout for the commands that call AWS; AWS_* environment variables apply as in the AWS CLI.</summary>
    internal sealed class AwsOptions
    {
        private readonly Option<string?> profile = new Option<string?>("--profile") { Description = "Named profile from the shared AWS config and credentials files." };
        private readonly Option<string?> region = new Option<string?>("--region") { Description = "AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)." };
        private readonly Option<string?> endpointUrl = new Option<string?>("--endpoint-url") { Description = "Send every request to this endpoint (default: AWS_ENDPOINT_URL and its per-service forms)." };
        private readonly Option<int?> timeout = new Option<int?>("--timeout")
        {
            Description = "Seconds one attempt of an AWS call may wait for its answer (default 60). Attempts: AWS_MAX_ATTEMPTS or the profile's max_attempts; mode: AWS_RETRY_MODE or retry_mode.",
        };

        public void AddTo(Command command)
        {
            command.Options.Add(profile);
            command.Options.Add(region);
            command.Options.Add(endpointUrl);
            command.Options.Add(timeout);
        }

        /// <summary>Resolves credentials and region before any call; problems surface as AwsConfigurationException naming the fix.</summary>
        public ResolvedAwsConnection Resolve(ParseResult parse) =>
            new AwsConnectionResolver().Resolve(new AwsConnectionOptions
            {
                ProfileName = parse.GetValue(profile),
                Region = parse.GetValue(region),
                EndpointUrl = parse.GetValue(endpointUrl),
                Timeout = parse.GetValue(timeout) is int seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null,
                ParameterStyle = AwsParameterStyle.Cli,
            });
    }
}
