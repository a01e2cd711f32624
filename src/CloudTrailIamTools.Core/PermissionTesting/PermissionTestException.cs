namespace CloudTrailIamTools.Core.PermissionTesting
{
    /// <summary>A permission test that cannot run as asked (nothing to test, options that exclude each other); names the input.</summary>
    public sealed class PermissionTestException : CloudTrailIamToolsException
    {
        private readonly string errorId;

        public PermissionTestException(string errorId, string message, string input)
            : base(message)
        {
            this.errorId = errorId;
            Input = input;
        }

        /// <summary>The request property the problem is about (Actions, Principal, UseSimulator, ...).</summary>
        public string Input { get; }

        public override string ErrorId => errorId;

        public override FailureCategory Category => FailureCategory.InvalidArgument;
    }
}
