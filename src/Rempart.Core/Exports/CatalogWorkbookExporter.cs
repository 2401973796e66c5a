using System.Globalization;
using Rempart.Core.Catalog;
using Rempart.Core.Documents;

namespace Rempart.Core.Exports;

/// <summary>
/// The catalog as a review workbook for people who do not use Rempart: one sheet per kind of item, English and
/// French side by side, verification status beside every provision, and the traceability matrix.
/// </summary>
public static class CatalogWorkbookExporter
{
    public static byte[] Export(CatalogDefinition catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var instruments = catalog.Instruments.ToDictionary(i => i.Id);
        string Status(Verification v) => v == Verification.Confirmed ? "confirmed / confirmé" : "TO VERIFY / À VÉRIFIER";
        string Inv(int n) => n.ToString(CultureInfo.InvariantCulture);

        var about = new SheetData("About", ["Field / Champ", "English", "Français"],
        [
            ["Catalog / Catalogue", catalog.Title.En, catalog.Title.Fr],
            ["Key / Clé", catalog.Key, catalog.Key],
            ["Date", catalog.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), catalog.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)],
            ["Extends / Complète", catalog.BaseKey ?? "—", catalog.BaseKey ?? "—"],
            ["Description", catalog.Description.En, catalog.Description.Fr],
            ["Counts / Effectifs", $"{catalog.Instruments.Count} instruments, {catalog.ProvisionCount} provisions, {catalog.Questions.Count} questions, {catalog.Templates.Count} templates",
                $"{catalog.Instruments.Count} instruments, {catalog.ProvisionCount} dispositions, {catalog.Questions.Count} questions, {catalog.Templates.Count} modèles"],
            ["Warning / Avertissement", "Provisions are paraphrased, never quoted. Check those marked TO VERIFY against the official text before citing them.",
                "Les dispositions sont paraphrasées, jamais citées. Vérifiez celles marquées À VÉRIFIER sur le texte officiel avant de les citer."],
        ], [24, 80, 80]);

        var instrumentSheet = new SheetData("Instruments", ["Id", "Symbol (EN)", "Cote (FR)", "Kind / Type", "Adopted / Adopté", "Binding / Contraignant", "Title (EN)", "Titre (FR)"],
            [.. catalog.Instruments.Select(i => (IReadOnlyList<string>)[i.Id, i.Symbols.En, i.Symbols.Fr, i.Kind, i.Adopted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.Binding ? "yes / oui" : "no / non", i.Title.En, i.Title.Fr])],
            [22, 24, 24, 26, 14, 14, 60, 60]);

        var provisionSheet = new SheetData("Provisions",
            ["Id", "Instrument", "Paragraph (EN)", "Paragraphe (FR)", "Verification / Vérification", "Note (EN)", "Note (FR)", "Paraphrase (EN)", "Paraphrase (FR)", "Themes / Thèmes", "Scope / Portée", "Questions"],
            [.. catalog.Provisions.Select(p => (IReadOnlyList<string>)[
                p.Id, instruments[p.InstrumentId].Symbol, p.Reference.En, p.Reference.Fr, Status(p.Verification), p.VerificationNote?.En ?? "", p.VerificationNote?.Fr ?? "",
                p.Paraphrase.En, p.Paraphrase.Fr, string.Join(", ", p.Themes), p.Scope,
                string.Join(", ", catalog.Questions.Where(q => q.Provisions.Contains(p.Id)).Select(q => q.Id))])],
            [28, 22, 14, 14, 20, 40, 40, 60, 60, 24, 18, 30]);

        var questionSheet = new SheetData("Questions",
            ["Id", "Framework / Cadre", "Theme / Thème", "Scope / Portée", "Weight / Poids", "Question (EN)", "Question (FR)", "Provisions", "Entity types / Types d'entité", "Guidance (EN)", "Orientation (FR)", "Evidence (EN)", "Justificatifs (FR)", "Origin / Origine"],
            [.. catalog.Questions.Select(q => (IReadOnlyList<string>)[
                q.Id, q.Framework, q.Theme, q.Scope, Inv(q.Weight), q.Text.En, q.Text.Fr, string.Join(", ", q.Provisions), string.Join(", ", q.EntityTypes),
                q.Guidance.En, q.Guidance.Fr, q.Evidence.En, q.Evidence.Fr, q.Origin])],
            [14, 14, 18, 16, 8, 60, 60, 30, 30, 50, 50, 40, 40, 10]);

        var levelSheet = new SheetData("Levels",
            ["Question", "Level / Niveau", "Name (EN)", "Nom (FR)", "Descriptor (EN)", "Descripteur (FR)"],
            [.. catalog.Questions.SelectMany(q => q.Levels.Select(l => (IReadOnlyList<string>)[q.Id, Inv(l.Level), l.Name.En, l.Name.Fr, l.Descriptor.En, l.Descriptor.Fr]))],
            [14, 10, 16, 16, 70, 70]);

        var templateSheet = new SheetData("Templates",
            ["Id", "Question", "Band / Tranche", "Title (EN)", "Titre (FR)", "Action (EN)", "Action (FR)", "Lead / Chef de file", "Horizon", "Assistance"],
            [.. catalog.Templates.Select(t => (IReadOnlyList<string>)[
                t.Id, t.Question, t.Band, t.Title.En, t.Title.Fr, t.Action.En, t.Action.Fr, t.LeadEntityType, t.Horizon,
                string.Join("; ", t.Assistance.Select(a => $"{a.Partner}: {a.Module.En} / {a.Module.Fr}"))])],
            [24, 14, 10, 40, 40, 60, 60, 22, 10, 50]);

        var matrix = CatalogAnalysis.Matrix(catalog);
        var matrixSheet = new SheetData("Matrix",
            ["Provision", "Paragraph (EN)", "Paragraphe (FR)", "Verification / Vérification", .. catalog.Frameworks.Select(f => $"{f.Name.En} / {f.Name.Fr}"), "Questions", "Gap / Lacune"],
            [.. matrix.Rows.Select(r => (IReadOnlyList<string>)[
                r.Provision.Id, instruments[r.Provision.InstrumentId].Cite(r.Provision, "en"), instruments[r.Provision.InstrumentId].Cite(r.Provision, "fr"), Status(r.Provision.Verification),
                .. catalog.Frameworks.Select(f => string.Join(", ", r.QuestionsByFramework.GetValueOrDefault(f.Id, []))),
                Inv(r.QuestionCount), r.QuestionCount == 0 ? "NO QUESTION / AUCUNE QUESTION" : ""])],
            [28, 30, 30, 20, 24, 24, 24, 24, 10, 16]);

        return SimpleWorkbook.Write([about, instrumentSheet, provisionSheet, questionSheet, levelSheet, templateSheet, matrixSheet]);
    }
}
