using Microsoft.Extensions.Configuration;
using Rempart.Core.Data;

namespace Rempart.Core.Tests.Data;

public sealed class DatabaseSettingsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    private static readonly string Work = Path.Combine(Path.GetTempPath(), "rempart-settings-tests");

    [Fact]
    public void Defaults_AreTheEmbeddedSqliteFileUnderData_MigratingItself()
    {
        var settings = DatabaseSettings.FromConfiguration(Config(), Work);
        settings.Provider.Should().Be(DatabaseProvider.Sqlite);
        settings.ConnectionString.Should().Contain(Path.Combine(Work, "data", "rempart.db"));
        settings.MigrateOnStart.Should().BeTrue();
        Directory.Exists(Path.Combine(Work, "data")).Should().BeTrue();
    }

    [Theory]
    [InlineData("Host=db;Database=r", 64)]
    [InlineData("Host=db;Database=r;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=r;Max Auto Prepare=8", 8)]
    public void Postgres_PreparesRepeatedStatements_UnlessTheConnectionStringSaysOtherwise(string connection, int expected)
    {
        var settings = DatabaseSettings.FromConfiguration(Config(("Database:Provider", "Postgres"), ("ConnectionStrings:Rempart", connection)), Work);
        new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString).MaxAutoPrepare.Should().Be(expected);
    }

    [Fact]
    public void Postgres_DoesNotMigrateItselfUnlessTold()
    {
        var server = DatabaseSettings.FromConfiguration(Config(("Database:Provider", "postgres"), ("ConnectionStrings:Rempart", "Host=db;Database=rempart;Username=u")), Work);
        server.Provider.Should().Be(DatabaseProvider.Postgres);
        server.MigrateOnStart.Should().BeFalse();
        server.Describe().Should().Be("PostgreSQL database rempart on db:5432");
        DatabaseSettings.FromConfiguration(Config(("Database:Provider", "Postgres"), ("ConnectionStrings:Rempart", "Host=db;Database=r"), ("Database:MigrateOnStart", "true")), Work)
            .MigrateOnStart.Should().BeTrue();
    }

    [Fact]
    public void Describe_NeverShowsThePassword()
    {
        var settings = DatabaseSettings.FromConfiguration(Config(("Database:Provider", "Postgres"), ("ConnectionStrings:Rempart", "Host=db;Database=r;Username=u;Password=s3cret")), Work);
        settings.Describe().Should().NotContain("s3cret");
    }

    [Theory]
    [InlineData("Database:Provider", "Oracle", null, "Database__Provider=Postgres")]
    [InlineData("ConnectionStrings:Rempart", "Postgres", null, "Host=")]
    [InlineData("ConnectionStrings:Rempart", "Postgres", "Database=r", "names no Host")]
    [InlineData("ConnectionStrings:Rempart", "Postgres", "Host=db", "names no Database")]
    [InlineData("ConnectionStrings:Rempart", "Postgres", "Hots=db;Database=r", "cannot be read")]
    [InlineData("ConnectionStrings:Rempart", "Sqlite", "Data Sorce=x.db", "cannot be read")]
    [InlineData("Database:MigrateOnStart", "Sqlite", null, "true or false")]
    public void BadSetting_NamesTheSettingAndGivesAnExample(string setting, string provider, string? connection, string expected)
    {
        var pairs = new List<(string, string?)> { ("Database:Provider", provider), ("ConnectionStrings:Rempart", connection) };
        if (setting == "Database:MigrateOnStart")
        {
            pairs.Add(("Database:MigrateOnStart", "sometimes"));
        }

        var act = () => DatabaseSettings.FromConfiguration(Config([.. pairs]), Work);
        var error = act.Should().Throw<ConfigurationException>().Which;
        error.Setting.Should().Be(setting);
        error.Message.Should().StartWith($"Setting '{setting}'").And.Contain("Example:").And.Contain(expected);
    }
}
