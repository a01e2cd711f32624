using CloudTrailIamTools.Core.AccessDenied;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>One result of reading a file of errors: a diagnosis, or a problem with part of the file (the rest is still read).</summary>
    public sealed class FileDiagnosisItem
    {
        private FileDiagnosisItem(AccessErrorDiagnosis? diagnosis, LogFileProblem? problem)
        {
            Diagnosis = diagnosis;
            Problem = problem;
        }

        public AccessErrorDiagnosis? Diagnosis { get; }

        public LogFileProblem? Problem { get; }

        public static FileDiagnosisItem Of(AccessErrorDiagnosis diagnosis) => new FileDiagnosisItem(diagnosis, null);

        public static FileDiagnosisItem Of(LogFileProblem problem) => new FileDiagnosisItem(null, problem);
    }
}
