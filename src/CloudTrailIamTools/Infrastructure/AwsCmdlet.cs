using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>
    /// Base of the cmdlets that call AWS: the AWS.Tools common parameters, resolved in AWS.Tools' order with the
    /// session defaults Set-AWSCredential and Set-DefaultAWSRegion leave behind. -Verbose says where credentials and
    /// region came from, never a secret. Not a cmdlet itself.
    /// The connection parameters never bind from pipeline objects: a piped diagnosis or event carries a Region (where
    /// the error happened, often null) that must neither fail the binding nor choose the connection.
    /// </summary>
    public abstract class AwsCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource stopping = new CancellationTokenSource();
        private ResolvedAwsConnection? connection;

        [Parameter]
        [Alias("StoredCredentials", "AWSProfileName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileNameCompleter))]
        public string? ProfileName { get; set; }

        [Parameter]
        [Alias("AWSProfilesLocation", "ProfilesLocation")]
        [ValidateNotNullOrEmpty]
        public string? ProfileLocation { get; set; }

        [Parameter]
        [Alias("AK")]
        [ValidateNotNullOrEmpty]
        public string? AccessKey { get; set; }

        [Parameter]
        [Alias("SK", "SecretAccessKey")]
        [ValidateNotNullOrEmpty]
        public string? SecretKey { get; set; }

        [Parameter]
        [Alias("ST")]
        [ValidateNotNullOrEmpty]
        public string? SessionToken { get; set; }

        [Parameter]
        [Alias("AWSCredentials")]
        public AWSCredentials? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string? Region { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? EndpointUrl { get; set; }

        /// <summary>Seconds one attempt of an AWS call may wait for its answer (default 60); attempts and retry mode follow AWS_MAX_ATTEMPTS / AWS_RETRY_MODE or the profile.</summary>
        [Parameter]
        [Alias("Timeout")]
        [ValidateRange(1, 3600)]
        public int? TimeoutSec { get; set; }

        /// <summary>Cancelled when the user presses Ctrl+C.</summary>
        protected CancellationToken CancellationToken => stopping.Token;

        /// <summary>The resolved connection, resolved once on first use; failures end the command (set-up).</summary>
        protected ResolvedAwsConnection Connection => connection ??= ResolveConnection();

        protected override void StopProcessing() => stopping.Cancel();

        /// <summary>Runs an AWS call synchronously on the pipeline thread, honouring Ctrl+C.</summary>
        protected T Call<T>(Func<CancellationToken, Task<T>> call) => Task.Run(() => call(CancellationToken)).GetAwaiter().GetResult();

        private ResolvedAwsConnection ResolveConnection()
        {
            var options = new AwsConnectionOptions
            {
                ProfileName = ProfileName,
                ProfileLocation = ProfileLocation is null ? null : GetUnresolvedProviderPathFromPSPath(ProfileLocation),
                AccessKey = AccessKey,
                SecretKey = SecretKey,
                SessionToken = SessionToken,
                Credentials = Credential,
                Region = Region,
                EndpointUrl = EndpointUrl,
                Timeout = TimeoutSec is int seconds ? TimeSpan.FromSeconds(seconds) : null,
                StoredCredentials = StoredCredentials(out string? storedName),
                StoredCredentialsName = storedName,
                StoredRegion = SessionState.PSVariable.GetValue("StoredAWSRegion") as string,
                ParameterStyle = AwsParameterStyle.PowerShell,
            };

            try
            {
                ResolvedAwsConnection resolved = new AwsConnectionResolver().Resolve(options);
                WriteVerbose(resolved.Describe());
                return resolved;
            }
            catch (CloudTrailIamToolsException failure)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromCoreException(failure, target: null));
                throw;
            }
        }

        /// <summary>
        /// AWS.Tools keeps Set-AWSCredential's choice in $StoredAWSCredentials as a wrapper object whose Credentials
        /// property holds the SDK credentials; read it without referencing AWS.Tools.
        /// </summary>
        private AWSCredentials? StoredCredentials(out string? name)
        {
            name = null;
            object? stored = SessionState.PSVariable.GetValue("StoredAWSCredentials");
            if (stored is null)
            {
                return null;
            }

            PSObject wrapper = PSObject.AsPSObject(stored);
            if (wrapper.BaseObject is AWSCredentials direct)
            {
                return direct;
            }

            name = wrapper.Properties["Name"]?.Value as string;
            return PSObject.AsPSObject(wrapper.Properties["Credentials"]?.Value).BaseObject as AWSCredentials;
        }
    }
}
