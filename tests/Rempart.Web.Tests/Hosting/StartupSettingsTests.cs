using Microsoft.Extensions.Configuration;
using Rempart.Core.Data;
using Rempart.Web.Hosting;

namespace Rempart.Web.Tests.Hosting;

/// <summary>A bad setting stops start-up with its name and a valid example, before anything else happens.</summary>
public sealed class StartupSettingsTests
{
    private static RempartStartup Read(params (string Key, string Value)[] settings) => RempartStartup.Read(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(),
        Path.GetTempPath(), AppContext.BaseDirectory);

    [Fact]
    public void Defaults_AreTheEmbeddedWorkspace()
    {
        var startup = Read();
        startup.Database.Provider.Should().Be(DatabaseProvider.Sqlite);
        startup.LoadDemo.Should().BeTrue();
        startup.ImportCatalog.Should().BeTrue();
        File.Exists(startup.DemoPath).Should().BeTrue();
        Directory.Exists(startup.CatalogPath).Should().BeTrue();
        startup.Languages.Cultures.Should().Equal("en", "fr");
    }

    [Fact]
    public void ServerMode_StartsEmpty()
    {
        var startup = Read(("Database:Provider", "Postgres"), ("ConnectionStrings:Rempart", "Host=db;Database=rempart"));
        startup.LoadDemo.Should().BeFalse();
        startup.ImportCatalog.Should().BeFalse();
        startup.Database.MigrateOnStart.Should().BeFalse();
    }

    [Theory]
    [InlineData("Demo:Load", "yes", "Demo__Load=false")]
    [InlineData("Demo:Path", "/nowhere/workspace.yaml", "Demo__Path=")]
    [InlineData("Catalog:ImportOnStart", "maybe", "Catalog__ImportOnStart=false")]
    [InlineData("Catalog:Path", "/nowhere/catalog", "Catalog__Path=")]
    [InlineData("Localization:Cultures", "en,klingon", "Localization__Cultures=en,fr")]
    public void BadSetting_NamesItAndGivesAnExample(string key, string value, string example)
    {
        var act = () => Read((key, value));
        var error = act.Should().Throw<ConfigurationException>().Which;
        error.Setting.Should().Be(key);
        error.Message.Should().Contain(example);
    }
}
