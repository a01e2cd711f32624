using System.CommandLine;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.Cli
{
    /// <summary>--profile, --region and --endpoint-url for the commands that call AWS; AWS_* environment variables apply as in the AWS CLI.</summary>
    internal sealed class AwsOptions
    {
        private readonly Option<string?> profile = new Option<string?>("--profile") { Description = "Named profile from the shared AWS config and credentials files." };
        private readonly Option<string?> region = new Option<string?>("--region") { Description = "AWS Region (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region)." };
        private readonly Option<string?> endpointUrl = new Option<string?>("--endpoint-url") { Description = "Send every request to this endpoint (default: AWS_ENDPOINT_URL and its per-service forms)." };

        public void AddTo(Command command)
        {
            command.Options.Add(profile);
            command.Options.Add(region);
            command.Options.Add(endpointUrl);
        }

        /// <summary>Resolves credentials and region before any call; problems surface as AwsConfigurationException naming the fix.</summary>
        public ResolvedAwsConnection Resolve(ParseResult parse) =>
            new AwsConnectionResolver().Resolve(new AwsConnectionOptions
            {
                ProfileName = parse.GetValue(profile),
                Region = parse.GetValue(region),
                EndpointUrl = parse.GetValue(endpointUrl),
                ParameterStyle = AwsParameterStyle.Cli,
            });
    }
}
