using Rempart.Core.Catalog;

namespace Rempart.Core.Tests.Catalog;

/// <summary>Each malformed file gives its file, line, column and what to fix.</summary>
public sealed class CatalogLoaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rempart-catalog-" + Guid.NewGuid().ToString("N"), "catalog");

    public CatalogLoaderTests() => Copy(ShippedCatalogTests.Folder, _folder);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Replaces the first occurrence of a text in a catalog file; returns the 1-based line where it was.</summary>
    private int Edit(string file, string find, string replace)
    {
        var path = Path.Combine(_folder, file);
        var text = File.ReadAllText(path);
        var index = text.IndexOf(find, StringComparison.Ordinal);
        index.Should().BeGreaterThanOrEqualTo(0, $"'{find}' must be in {file}");
        File.WriteAllText(path, string.Concat(text.AsSpan(0, index), replace, text.AsSpan(index + find.Length)));
        return text[..index].Count(c => c == '\n') + 1;
    }

    private IReadOnlyList<CatalogError> Errors() => CatalogLoader.Load(_folder).Errors;

    [Fact]
    public void UnknownKey_IsNamedWithItsPositionAndTheAllowedKeys()
    {
        var line = Edit("questions/legislative.yaml", "    weight: 3\n", "    wieght: 3\n");
        var errors = Errors();
        errors.Should().Contain(e => e.File == "catalog/questions/legislative.yaml" && e.Line == line && e.Column == 5
            && e.Message.Contains("unknown key 'wieght'") && e.Message.Contains("allowed keys here:") && e.Message.Contains("weight"));
        errors.Should().Contain(e => e.Message.Contains("required key 'weight' is missing"));
    }

    [Fact]
    public void MissingTranslation_SaysWhichLanguageToAdd()
    {
        var line = Edit("questions/regulatory.yaml", "    text:\n      en:", "    text:\n      es:");
        Errors().Should().Contain(e => e.File == "catalog/questions/regulatory.yaml" && e.Line == line + 1
            && e.Message.Contains("'text' has no English text; add 'en: \"...\"'"));
    }

    [Fact]
    public void EmptyFrenchText_IsRefused()
    {
        Edit("instruments/res-2341.yaml", "        fr: \"Chaque État", "        fr: \"\"\n        xx: \"Chaque État");
        Errors().Should().Contain(e => e.File == "catalog/instruments/res-2341.yaml" && e.Message.Contains("'paraphrase.fr' is empty"));
    }

    [Fact]
    public void DanglingReference_NamesTheMissingTarget()
    {
        var line = Edit("questions/legislative.yaml", "provisions: [res-2341-pp-national-determination,", "provisions: [res-2341-op99,");
        Errors().Should().Contain(e => e.Line == line && e.Message == "question leg-iden-01: there is no provision 'res-2341-op99'; check the spelling or define it");
    }

    [Fact]
    public void DuplicateId_PointsAtTheFirstDefinition()
    {
        var line = Edit("questions/legislative.yaml", "  - id: leg-iden-02\n", "  - id: leg-iden-01\n");
        Errors().Should().Contain(e => e.Line == line && e.Message.StartsWith("duplicate id 'leg-iden-01': already used by a question at catalog/questions/legislative.yaml:", StringComparison.Ordinal));
    }

    [Fact]
    public void BadScale_SaysWhichLevelsAreExpected()
    {
        Edit("questions/operational.yaml", "      - level: 4\n", "      - level: 3\n");
        Errors().Should().Contain(e => e.File == "catalog/questions/operational.yaml" && e.Message.Contains("levels: the scale must have levels 0, 1, 2, 3 and 4, once each; found [0, 1, 2, 3, 3]"));
    }

    [Fact]
    public void OutOfRangeWeight_GivesTheRange()
    {
        Edit("questions/institutional.yaml", "    weight: 2\n", "    weight: 7\n");
        Errors().Should().Contain(e => e.Message.Contains("'weight' is '7'; it must be a whole number from 1 to 3"));
    }

    [Fact]
    public void OverlayCycle_IsReported()
    {
        File.WriteAllText(Path.Combine(_folder, "overlays", "a.yaml"), "overlay:\n  id: loop-a\n  country: CIV\n  base: loop-b\n  base-version: \"1\"\n  version: \"1\"\n  date: 2026-01-01\n  title: {en: A, fr: A}\n");
        File.WriteAllText(Path.Combine(_folder, "overlays", "b.yaml"), "overlay:\n  id: loop-b\n  country: CIV\n  base: loop-a\n  base-version: \"1\"\n  version: \"1\"\n  date: 2026-01-01\n  title: {en: B, fr: B}\n");
        Errors().Should().Contain(e => e.File == "catalog/overlays/a.yaml" && e.Line == 2 && e.Message.Contains("its bases form a cycle (loop-a → loop-b → loop-a)"));
    }

    [Fact]
    public void ProvisionThatNoQuestionTests_IsAGap()
    {
        Edit("instruments/res-2341.yaml", "  provisions:\n", "  provisions:\n    - id: res-2341-orphan\n      ref: \"OP 99\"\n      verification: confirmed\n      paraphrase: {en: \"x\", fr: \"y\"}\n      themes: [strategy]\n      scope: both\n");
        Errors().Should().Contain(e => e.Message == "provision res-2341-orphan: no question tests it; add it to a question's 'provisions' or remove it");
    }

    [Fact]
    public void QuestionWithoutTemplateForABand_IsAGap()
    {
        Edit("recommendations/legislative.yaml", "    question: leg-iden-01\n    band: \"0-1\"", "    question: leg-iden-02\n    band: \"0-1\"");
        Errors().Should().Contain(e => e.Message == "question leg-iden-01: no recommendation template for maturity band 0-1; add one under recommendations/");
    }

    [Fact]
    public void BrokenYaml_GivesThePosition()
    {
        File.AppendAllText(Path.Combine(_folder, "sectors.yaml"), "\n  - id: [unclosed\n");
        Errors().Should().Contain(e => e.File == "catalog/sectors.yaml" && e.Message.StartsWith("not valid YAML", StringComparison.Ordinal) && e.Line > 1);
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        File.Delete(Path.Combine(_folder, "sectors.yaml"));
        Errors().Should().Contain(e => e.File == "catalog/sectors.yaml" && e.Message == "this file is missing from the catalog folder");
    }

    [Fact]
    public void ToVerifyWithoutNote_AsksForOne()
    {
        var text = File.ReadAllText(Path.Combine(_folder, "instruments", "res-2341.yaml"));
        var start = text.IndexOf("      verification-note:", StringComparison.Ordinal);
        var end = text.IndexOf("      paraphrase:", start, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_folder, "instruments", "res-2341.yaml"), text.Remove(start, end - start));
        Errors().Should().Contain(e => e.Message.Contains("a provision to verify needs a 'verification-note'"));
    }

    [Fact]
    public void Reference_IsOneTextForEveryLanguage_OrOnePerLanguage()
    {
        // The shipped file gives both; a country's catalog may give one text that reads the same in every language.
        Edit("instruments/res-2341.yaml", "      ref:\n        en: \"OP 1\"\n        fr: \"Par. 1 du dispositif\"\n", "      ref: \"Paragraphe 1\"\n");
        var loaded = CatalogLoader.Load(_folder);
        loaded.Errors.Should().BeEmpty();
        var op1 = loaded.Base!.Provisions.Single(p => p.Id == "res-2341-op01");
        (op1.Reference.En, op1.Reference.Fr).Should().Be(("Paragraphe 1", "Paragraphe 1"));
        loaded.Base.Cite("res-2341-op02", "fr").Should().Be("S/RES/2341 (2017), Par. 2 du dispositif");
        loaded.Base.Cite("res-2341-op02", "en").Should().Be("S/RES/2341 (2017), OP 2");
    }

    [Fact]
    public void ReferenceWithoutItsFrench_SaysWhichLanguageToAdd()
    {
        var line = Edit("instruments/res-2341.yaml", "        fr: \"Par. 1 du dispositif\"\n", "");
        Errors().Should().Contain(e => e.File == "catalog/instruments/res-2341.yaml" && e.Line == line - 1
            && e.Message == "provision res-2341-op01: 'ref' has no French text; add 'fr: \"...\"'");
    }
}
