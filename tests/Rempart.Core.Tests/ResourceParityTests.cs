using System.Xml.Linq;

namespace Rempart.Core.Tests;

/// <summary>Every message exists in French and in English, with the same placeholders.</summary>
public sealed class ResourceParityTests
{
    internal static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    internal static string SourceFile(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rempart.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine([dir!.FullName, .. parts]);
    }

    internal static void AssertParity(string english, string french)
    {
        var en = Read(english);
        var fr = Read(french);
        fr.Keys.Should().BeEquivalentTo(en.Keys);
        foreach (var (key, value) in en)
        {
            value.Should().NotBeNullOrWhiteSpace(key);
            fr[key].Should().NotBeNullOrWhiteSpace(key);
            Placeholders(fr[key]).Should().BeEquivalentTo(Placeholders(value), key);
        }
    }

    private static IEnumerable<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Distinct();

    [Fact]
    public void CoreMessages_ExistInBothLanguages() =>
        AssertParity(SourceFile("src", "Rempart.Core", "Resources", "Messages.resx"), SourceFile("src", "Rempart.Core", "Resources", "Messages.fr.resx"));

    [Fact]
    public void WebTexts_ExistInBothLanguages() =>
        AssertParity(SourceFile("src", "Rempart.Web", "Resources", "SharedResource.resx"), SourceFile("src", "Rempart.Web", "Resources", "SharedResource.fr.resx"));
}
