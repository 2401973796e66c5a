using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Documents;
using Rempart.Core.Questionnaires;

namespace Rempart.Core.Tests.Questionnaires;

/// <summary>Offline workbooks on the demo workspace: MMPE's questionnaire is in progress, answered by its respondent.</summary>
public sealed class WorkbookTests(SharedDemoWorld shared) : IClassFixture<SharedDemoWorld>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<(byte[] Bytes, string Name)> ExportAsync(DemoWorld world, Viewer viewer, string entity = "MMPE", string engagement = "CIV-2024", string language = "fr") =>
        world.With(s => s.GetRequiredService<WorkbookService>().ExportAsync(viewer, engagement, entity, language, Ct));

    private static Task<WorkbookImportReport> ImportAsync(DemoWorld world, Viewer viewer, byte[] bytes, bool commit, ConflictResolution resolution = ConflictResolution.Refuse, string engagement = "CIV-2024") =>
        world.With(s => s.GetRequiredService<WorkbookService>().ImportAsync(viewer, engagement, new MemoryStream(bytes), "answers.xlsx", commit, resolution, null, cancellationToken: Ct));

    private static Task<QuestionnaireView> QuestionnaireAsync(DemoWorld world, Viewer viewer, string entity = "MMPE") =>
        world.With(s => s.GetRequiredService<QuestionnaireService>().GetAsync(viewer, "CIV-2024", entity, Ct));

    [Fact]
    public async Task RoundTrip_ExportFillImport_GivesIdenticalAnswers_AndImportingTwiceChangesNothing()
    {
        await using var world = await DemoWorld.CreateAsync();
        var energy = await world.ViewerAsync("energy");
        var before = await QuestionnaireAsync(world, energy);
        var (bytes, name) = await ExportAsync(world, energy);
        name.Should().Be("CIV-2024-MMPE-fr.xlsx");
        var sheets = TabularFile.ReadSheets(bytes, name);
        sheets.Select(s => s.Name).Should().Equal("Questionnaire", "Mode d'emploi", "Control");
        sheets[0].Rows[0].Cells[6].Should().StartWith("Votre niveau", "the respondent's workbook is in French");
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(bytes), false))
        {
            new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document, Ct).Select(e => e.Description).Should().BeEmpty("Excel opens it without repair");
            var data = (DocumentFormat.OpenXml.Packaging.WorksheetPart)document.WorkbookPart!.GetPartById(document.WorkbookPart.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().First().Id!);
            data.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.SheetProtection>().Should().ContainSingle("question columns are locked");
            data.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.DataValidation>().Single().Formula1!.Text.Should().Be("\"0,1,2,3,4,S.O.\"");
            document.WorkbookPart.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Last().State!.Value.Should().Be(DocumentFormat.OpenXml.Spreadsheet.SheetStateValues.VeryHidden);
        }


        // The respondent fills every unanswered row: a level with a comment, one N/A with its reason, one 0 with what is missing.
        var expected = new Dictionary<string, (int? Level, bool Na, string? Reason, string? Comment)>();
        var row = AnswerWorkbook.FirstDataRow;
        var unanswered = 0;
        foreach (var item in before.Items)
        {
            if (!item.Answer.IsAnswered)
            {
                (int? level, bool na, string? reason, string comment) = unanswered switch
                {
                    0 => ((int?)null, true, "Hors du mandat du ministère", "Voir la CGIC"),
                    1 => (0, false, null, "Aucun texte n'existe à ce jour"),
                    _ => (unanswered % 4, false, null, $"Commentaire n° {unanswered} : « Côte d'Ivoire »"),
                };
                bytes = WorkbookEdit.Set(bytes, "Questionnaire", $"G{row}", na ? "S.O." : level!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), number: !na);
                if (reason is not null)
                {
                    bytes = WorkbookEdit.Set(bytes, "Questionnaire", $"H{row}", reason);
                }

                bytes = WorkbookEdit.Set(bytes, "Questionnaire", $"I{row}", comment);
                expected[item.Question.Id] = (level, na, reason, comment);
                unanswered++;
            }

            row++;
        }

        unanswered.Should().BeGreaterThan(5, "the demo leaves MMPE with questions still to answer");
        var preview = await ImportAsync(world, energy, bytes, commit: false);
        preview.IsValid.Should().BeTrue(string.Join("; ", preview.Problems.Select(p => p.Code + " " + p.Cell)));
        preview.Count(RowOutcome.New).Should().Be(unanswered);
        preview.Count(RowOutcome.Unchanged).Should().Be(before.Items.Count - unanswered);
        (await QuestionnaireAsync(world, energy)).Items.Count(i => i.Answer.IsAnswered).Should().Be(before.Items.Count - unanswered, "a preview changes nothing");

        var committed = await ImportAsync(world, energy, bytes, commit: true);
        committed.Committed.Should().BeTrue();
        committed.Applied.Should().Be(unanswered);
        var after = await QuestionnaireAsync(world, energy);
        foreach (var item in after.Items)
        {
            if (expected.TryGetValue(item.Question.Id, out var e))
            {
                item.Answer.Level.Should().Be(e.Level);
                item.Answer.NotApplicable.Should().Be(e.Na);
                item.Answer.NotApplicableReason.Should().Be(e.Reason);
                item.Answer.Comment.Should().Be(e.Comment);
                item.Answer.Channel.Should().Be(AnswerChannel.Workbook);
                item.Answer.Source.Should().Be(committed.FileSha256, "each answer keeps the file it came from");
            }
            else
            {
                item.Answer.Should().BeEquivalentTo(before.Items.Single(b => b.Question.Id == item.Question.Id).Answer, "rows the respondent left alone keep their web answer");
            }
        }

        var again = await ImportAsync(world, energy, bytes, commit: true);
        again.IsValid.Should().BeTrue();
        again.Applied.Should().Be(0);
        again.Rows.Should().OnlyContain(r => r.Outcome == RowOutcome.Unchanged);
        (await QuestionnaireAsync(world, energy)).Items.Select(i => i.Answer.Revision).Should().Equal(after.Items.Select(i => i.Answer.Revision));
    }

    [Fact]
    public async Task WebChangeAfterExport_IsAConflict_RefusedUntilTheCoordinatorChooses()
    {
        await using var world = await DemoWorld.CreateAsync();
        var energy = await world.ViewerAsync("energy");
        var coordinator = await world.ViewerAsync("coordinator");
        var view = await QuestionnaireAsync(world, energy);
        var answered = view.Items.Select((item, i) => (item, row: AnswerWorkbook.FirstDataRow + i)).First(x => x.item.Answer.IsAnswered && x.item.Answer.Level is not null);
        var untouched = view.Items.Select((item, i) => (item, row: AnswerWorkbook.FirstDataRow + i)).Last(x => x.item.Answer.IsAnswered && x.item.Question.Id != answered.item.Question.Id);
        var blank = view.Items.Select((item, i) => (item, row: AnswerWorkbook.FirstDataRow + i)).First(x => !x.item.Answer.IsAnswered);
        var (bytes, _) = await ExportAsync(world, energy);

        // After the export, the coordinator changes two answers on the web during a workshop.
        foreach (var x in new[] { answered, untouched })
        {
            await world.With(s => s.GetRequiredService<QuestionnaireService>().SaveAnswerAsync(coordinator, "CIV-2024", "MMPE", x.item.Question.Id,
                new AnswerInput(3, false, null, "Revu en atelier", null, x.item.Answer.ConcurrencyStamp), Ct));
        }

        // Offline, the respondent changes the first one differently and answers a blank row; the second row is left as exported.
        bytes = WorkbookEdit.Set(bytes, "Questionnaire", $"G{answered.row}", "1", number: true);
        bytes = WorkbookEdit.Set(bytes, "Questionnaire", $"I{answered.row}", "Rien n'a changé depuis juin");
        bytes = WorkbookEdit.Set(bytes, "Questionnaire", $"G{blank.row}", "2", number: true);

        var refused = await ImportAsync(world, energy, bytes, commit: true);
        refused.Committed.Should().BeFalse();
        refused.Problems.Should().ContainSingle().Which.Should().Match<WorkbookProblem>(p => p.Code == "Workbook.Conflict" && p.Cell == $"Questionnaire!G{answered.row}");
        refused.Rows.Single(r => r.QuestionId == untouched.item.Question.Id).Outcome.Should().Be(RowOutcome.Unchanged, "a row left as exported does not undo the web change");
        refused.Rows.Single(r => r.QuestionId == blank.item.Question.Id).Outcome.Should().Be(RowOutcome.New);
        (await QuestionnaireAsync(world, energy)).Items.Single(i => i.Question.Id == blank.item.Question.Id).Answer.IsAnswered.Should().BeFalse("all or nothing");

        var keepWeb = await ImportAsync(world, energy, bytes, commit: true, ConflictResolution.KeepWeb);
        keepWeb.Applied.Should().Be(1);
        var now = await QuestionnaireAsync(world, energy);
        now.Items.Single(i => i.Question.Id == answered.item.Question.Id).Answer.Level.Should().Be(3);
        now.Items.Single(i => i.Question.Id == untouched.item.Question.Id).Answer.Level.Should().Be(3);
        now.Items.Single(i => i.Question.Id == blank.item.Question.Id).Answer.Level.Should().Be(2);

        var takeWorkbook = await ImportAsync(world, energy, bytes, commit: true, ConflictResolution.TakeWorkbook);
        takeWorkbook.Applied.Should().Be(1);
        (await QuestionnaireAsync(world, energy)).Items.Single(i => i.Question.Id == answered.item.Question.Id).Answer.Level.Should().Be(1);
        var history = await world.With(s => s.GetRequiredService<QuestionnaireService>().HistoryAsync(coordinator, "CIV-2024", "MMPE", answered.item.Question.Id, Ct));
        history.Select(h => (h.Revision.Level, h.Revision.Channel)).Should().Equal(
            (answered.item.Answer.Level, AnswerChannel.Web), (3, AnswerChannel.Web), (1, AnswerChannel.Workbook));
    }

    [Fact]
    public async Task EachConflict_IsSettledByItsOwnChoice_AndOneLeftOpenRefusesTheImport()
    {
        await using var world = await DemoWorld.CreateAsync();
        var energy = await world.ViewerAsync("energy");
        var coordinator = await world.ViewerAsync("coordinator");
        var view = await QuestionnaireAsync(world, energy);
        var answered = view.Items.Select((item, i) => (item, row: AnswerWorkbook.FirstDataRow + i)).Where(x => x.item.Answer.IsAnswered && x.item.Answer.Level is not null).Take(2).ToList();
        answered.Should().HaveCount(2);
        var (bytes, _) = await ExportAsync(world, energy);
        foreach (var x in answered)
        {
            await world.With(s => s.GetRequiredService<QuestionnaireService>().SaveAnswerAsync(coordinator, "CIV-2024", "MMPE", x.item.Question.Id,
                new AnswerInput(4, false, null, "Revu en atelier", null, x.item.Answer.ConcurrencyStamp), Ct));
            bytes = WorkbookEdit.Set(bytes, "Questionnaire", $"G{x.row}", "0", number: true);
            bytes = WorkbookEdit.Set(bytes, "Questionnaire", $"I{x.row}", "Aucun texte adopté à ce jour");
        }

        var (first, second) = (answered[0].item.Question.Id, answered[1].item.Question.Id);
        Task<WorkbookImportReport> Import(Dictionary<string, ConflictResolution> choices) => world.With(s => s.GetRequiredService<WorkbookService>()
            .ImportAsync(energy, "CIV-2024", new MemoryStream(bytes), "answers.xlsx", commit: true, ConflictResolution.Refuse, null, choices, Ct));

        // One conflict settled, the other not: nothing is applied, and only the open one is named.
        var open = await Import(new() { [first] = ConflictResolution.TakeWorkbook });
        open.Committed.Should().BeFalse();
        open.Problems.Should().ContainSingle().Which.Cell.Should().Be($"Questionnaire!G{answered[1].row}");
        (await QuestionnaireAsync(world, energy)).Items.Single(i => i.Question.Id == first).Answer.Level.Should().Be(4, "all or nothing");

        // Both settled, differently: the workbook's answer for the first, the web's for the second.
        var done = await Import(new() { [first] = ConflictResolution.TakeWorkbook, [second] = ConflictResolution.KeepWeb });
        done.Committed.Should().BeTrue();
        done.Applied.Should().Be(1);
        var now = await QuestionnaireAsync(world, energy);
        now.Items.Single(i => i.Question.Id == first).Answer.Level.Should().Be(0);
        now.Items.Single(i => i.Question.Id == second).Answer.Level.Should().Be(4);
    }

    public static TheoryData<string, string, string> Tampering => new()
    {
        { "edited id", "id", "Workbook.IdEdited" },
        { "control checksum", "checksum", "Workbook.Tampered" },
        { "control revision", "revision", "Workbook.Tampered" },
        { "forged export id", "export", "Workbook.Tampered" },
        { "truncated file", "truncate", "Workbook.Unreadable" },
        { "not a workbook", "text", "Workbook.Unreadable" },
        { "another spreadsheet", "foreign", "Workbook.NotRempart" },
        { "level out of range", "level7", "Workbook.LevelInvalid" },
        { "level as words", "levelWords", "Workbook.LevelInvalid" },
        { "zero without comment", "zero", "Answer.ZeroComment" },
        { "N/A without reason", "na", "Answer.NaReason" },
        { "deleted row", "deleteRow", "Workbook.RowMissing" },
        { "added row", "addRow", "Workbook.RowAdded" },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task TamperedOrBadWorkbook_IsRefusedWithTheReasonAndTheCell_AndNothingChanges(string name, string mutation, string code)
    {
        var world = shared.World;
        var energy = await world.ViewerAsync("energy");
        var before = await QuestionnaireAsync(world, energy);
        var (bytes, _) = await ExportAsync(world, energy);
        var last = AnswerWorkbook.FirstDataRow + before.Items.Count - 1;
        // A valid change too, so that a refusal visibly applies nothing.
        bytes = WorkbookEdit.Set(bytes, "Questionnaire", $"G{last}", "2", number: true);
        var blankRow = AnswerWorkbook.FirstDataRow + before.Items.ToList().FindIndex(i => !i.Answer.IsAnswered);
        bytes = mutation switch
        {
            "id" => WorkbookEdit.Set(bytes, "Questionnaire", "A3", "leg-crim-99"),
            "checksum" => WorkbookEdit.Set(bytes, "Control", "B10", new string('0', 64)),
            "revision" => WorkbookEdit.Set(bytes, "Control", "C12", "7"),
            "export" => WorkbookEdit.Set(bytes, "Control", "B2", Guid.NewGuid().ToString()),
            "truncate" => bytes[..(bytes.Length / 2)],
            "text" => "Côte d'Ivoire;MMPE;2\n"u8.ToArray(),
            "foreign" => SimpleWorkbook.Write([new SheetData("Questionnaire", ["Id", "Level"], [["ins-strat-01", "2"]])]),
            "level7" => WorkbookEdit.Set(bytes, "Questionnaire", $"G{blankRow}", "7", number: true),
            "levelWords" => WorkbookEdit.Set(bytes, "Questionnaire", $"G{blankRow}", "assez bien"),
            "zero" => WorkbookEdit.Set(bytes, "Questionnaire", $"G{blankRow}", "0", number: true),
            "na" => WorkbookEdit.Set(bytes, "Questionnaire", $"G{blankRow}", "N/A"),
            "deleteRow" => WorkbookEdit.DeleteRow(bytes, "Questionnaire", 3),
            "addRow" => WorkbookEdit.Set(bytes, "Questionnaire", $"A{last + 1}", "ins-strat-01"),
            _ => throw new ArgumentOutOfRangeException(nameof(mutation)),
        };

        var report = await ImportAsync(world, energy, bytes, commit: true);
        report.IsValid.Should().BeFalse(name);
        report.Committed.Should().BeFalse();
        var problem = report.Problems.Should().Contain(p => p.Code == code, name).Which;
        problem.Cell.Should().NotBeNullOrWhiteSpace();
        problem.MessageIn(System.Globalization.CultureInfo.GetCultureInfo("fr")).Should().NotBe(problem.MessageIn(System.Globalization.CultureInfo.GetCultureInfo("en")), "every refusal is bilingual");
        if (mutation is "level7" or "levelWords" or "zero" or "na")
        {
            problem.Cell.Should().EndWith(blankRow.ToString(System.Globalization.CultureInfo.InvariantCulture), "the cell to fix is named");
        }

        var after = await QuestionnaireAsync(world, energy);
        after.Items.Select(i => (i.Answer.Level, i.Answer.Revision)).Should().Equal(before.Items.Select(i => (i.Answer.Level, i.Answer.Revision)), "nothing is imported");
    }

    [Fact]
    public async Task WorkbookOfAnotherEngagement_IsRefused()
    {
        var world = shared.World;
        var admin = await world.ViewerAsync("admin");
        await world.With(s => s.GetRequiredService<QuestionnaireService>().AssignAsync(admin, "TGO-2023", new AssignmentRequest("MSPC", AssignmentSelection.Suggested, null, null), Ct));
        var (bytes, _) = await ExportAsync(world, admin, "MSPC", "TGO-2023");
        var report = await ImportAsync(world, admin, bytes, commit: true);
        report.Problems.Should().ContainSingle().Which.Code.Should().Be("Workbook.WrongEngagement");
    }

    [Fact]
    public async Task WorkbookFromBeforeACatalogChange_IsRefused()
    {
        await using var world = await DemoWorld.CreateAsync();
        var admin = await world.ViewerAsync("admin");
        var energy = await world.ViewerAsync("energy");
        var (bytes, _) = await ExportAsync(world, energy);
        await world.With(async s =>
        {
            await s.GetRequiredService<Rempart.Core.Catalog.CatalogService>().PinAsync(admin, s.GetRequiredService<Rempart.Core.Engagements.EngagementService>(), "CIV-2024", "rempart-base@2026.2", Ct);
            return true;
        });
        var report = await ImportAsync(world, energy, bytes, commit: true);
        report.Problems.Should().ContainSingle().Which.Code.Should().Be("Workbook.OldCatalog");
    }

    [Fact]
    public async Task SubmittedAnswers_CannotBeChangedByWorkbook_AndOtherEntitiesWorkbooksAreNotTheRespondents()
    {
        var world = shared.World;
        var coordinator = await world.ViewerAsync("coordinator");
        var energy = await world.ViewerAsync("energy");
        var (onpc, _) = await ExportAsync(world, coordinator, "ONPC");
        (await ImportAsync(world, coordinator, onpc, commit: true)).Problems.Should().ContainSingle().Which.Code.Should().Be("Answer.Locked");
        var act = () => ImportAsync(world, energy, onpc, commit: false);
        await act.Should().ThrowAsync<NotFoundException>("a respondent does not see another entity's questionnaire");
    }
}
