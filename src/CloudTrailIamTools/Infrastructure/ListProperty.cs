using System.Management.Automation;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>
    /// Getter of the list properties of the output types (CloudTrailIamTools.Types.ps1xml). Export-Csv and ConvertTo-Csv
    /// write a .NET property's value with its ToString ("System.String[]"), but convert a type-data property's value
    /// as PowerShell converts a list to text: its items joined by $OFS (a space). Scripts
    /// and ConvertTo-Json still get the same list.
    /// </summary>
    public static class ListProperty
    {
        /// <summary>The named property of the object's base object, read by reflection (a member access would recurse).</summary>
        public static object? Get(PSObject instance, string name)
        {
            object target = instance.BaseObject;
            return target.GetType().GetProperty(name)?.GetValue(target, null);
        }
    }
}
