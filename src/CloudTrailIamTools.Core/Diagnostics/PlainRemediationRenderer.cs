namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>The step's words with no command line: what a diagnosis holds until a front end renders it.</summary>
    public sealed class PlainRemediationRenderer : IRemediationRenderer
    {
        public static PlainRemediationRenderer Instance { get; } = new PlainRemediationRenderer();

        public string Render(RemediationStep step) => step?.Text ?? string.Empty;
    }
}
