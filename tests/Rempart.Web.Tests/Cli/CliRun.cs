using Rempart.Cli;

namespace Rempart.Web.Tests.Cli;

/// <summary>Runs the <c>rempart</c> command line in-process against a test database and captures what it says.</summary>
internal static class CliRun
{
    public static async Task<(int Code, string Output, string Error)> RunAsync(TestDatabase database, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await RempartCli.RunAsync(args, output, error, database.Settings());
        return (code, output.ToString(), error.ToString());
    }
}
