namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Turns a remediation step into the line a user of one front end reads: the module names cmdlets, the CLI names
    /// cloudtrail-iam commands. The core writes neither; <see cref="PlainRemediationRenderer"/> gives the words alone.
    /// </summary>
    public interface IRemediationRenderer
    {
        string Render(RemediationStep step);
    }
}
