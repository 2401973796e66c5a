using Rempart.Cli;

namespace Rempart.Web.Tests.Cli;

/// <summary>The <c>rempart</c> command line against a real database, from empty.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Create();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => CliRun.RunAsync(_database, args);

    [Fact]
    public async Task Migrate_FromEmpty_AppliesThenSaysUpToDate()
    {
        var first = await RunAsync("migrate");
        first.Code.Should().Be(0, first.Error);
        first.Output.Should().MatchRegex(@"Applied \d+ migration\(s\)").And.Contain("InitialCreate");
        var second = await RunAsync("migrate", "--language", "fr");
        second.Code.Should().Be(0);
        second.Output.Should().Contain("est à jour");
    }

    [Fact]
    public async Task Users_AddListDisable()
    {
        (await RunAsync("migrate")).Code.Should().Be(0);
        var added = await RunAsync("users", "add", "--email", "awa@test.example", "--name", "Awa Test", "--role", "nationalcoordinator", "--preferred-language", "fr");
        added.Code.Should().Be(0, added.Error);
        added.Output.Should().Contain("Account awa@test.example created").And.Contain("Generated password, shown once:");

        var duplicate = await RunAsync("users", "add", "--email", "awa@test.example", "--name", "Again", "--role", "Auditor");
        duplicate.Code.Should().Be(RempartCli.Refused);
        duplicate.Error.Should().Contain("already exists");

        var badRole = await RunAsync("users", "add", "--email", "x@test.example", "--name", "X", "--role", "Minister", "--language", "fr");
        badRole.Code.Should().Be(RempartCli.Refused);
        badRole.Error.Should().Contain("Le rôle « Minister » n'existe pas");

        var list = await RunAsync("users", "list");
        list.Output.Should().Contain("awa@test.example").And.Contain("NationalCoordinator").And.Contain("active");

        (await RunAsync("users", "disable", "--email", "awa@test.example")).Code.Should().Be(0);
        (await RunAsync("users", "list")).Output.Should().Contain("disabled");
        (await RunAsync("users", "disable", "--email", "nobody@test.example")).Code.Should().Be(RempartCli.Refused);
    }

    [Fact]
    public async Task Tokens_CreateListRevoke()
    {
        (await RunAsync("migrate")).Code.Should().Be(0);
        (await RunAsync("users", "add", "--email", "ops@test.example", "--name", "Ops", "--role", "ProgrammeAdministrator")).Code.Should().Be(0);
        var created = await RunAsync("tokens", "create", "--email", "ops@test.example", "--name", "backup job", "--days", "30");
        created.Code.Should().Be(0, created.Error);
        var token = created.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("rpat_", StringComparison.Ordinal));
        var listed = await RunAsync("tokens", "list", "--email", "ops@test.example");
        listed.Output.Should().Contain("backup job").And.Contain(token[..12]).And.NotContain(token);

        var revoked = await RunAsync("tokens", "revoke", token[..12]);
        revoked.Code.Should().Be(0, revoked.Error);
        (await RunAsync("tokens", "list", "--email", "ops@test.example")).Output.Should().Contain("revoked");
        (await RunAsync("tokens", "revoke", "rpat_nothing")).Code.Should().Be(RempartCli.Refused);
        (await RunAsync("tokens", "create", "--email", "ops@test.example", "--name", "x", "--days", "9999")).Code.Should().Be(RempartCli.Refused);
    }

    [Fact]
    public async Task BadSetting_StopsWithTheSettingAndAnExample()
    {
        var result = await RunAsync("migrate", "--database-provider", "Oracle");
        result.Code.Should().Be(RempartCli.BadSetting);
        result.Error.Should().Contain("Database:Provider").And.Contain("Example: Database__Provider=Postgres");
    }

    [Fact]
    public async Task UnreachableDatabase_ExitsWith3AndSaysWhy()
    {
        var result = await RunAsync("migrate", "--database-provider", "Postgres", "--connection-string", "Host=127.0.0.1;Port=1;Database=x;Timeout=2");
        result.Code.Should().Be(RempartCli.DatabaseUnavailable);
        result.Error.Should().Contain("The database cannot be reached");
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        var result = await RunAsync("--help");
        result.Code.Should().Be(0);
        result.Output.Should().Contain("migrate").And.Contain("users").And.Contain("tokens");
        (await RunAsync("users", "--help")).Output.Should().Contain("add").And.Contain("list").And.Contain("disable");
        (await RunAsync("tokens", "--help")).Output.Should().Contain("create").And.Contain("revoke");
        result.Output.Should().Contain("graph");
        (await RunAsync("graph", "analyze", "--help")).Output.Should().Contain("--sites").And.Contain("--dependencies").And.Contain("--out").And.Contain("--samples").And.Contain("--seed");
    }
}
