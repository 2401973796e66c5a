using Microsoft.EntityFrameworkCore;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.DependencyInjection;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Roadmaps;
using Rempart.Core.Scoring;
using Rempart.Core.Tests.Questionnaires;

namespace Rempart.Core.Tests.Roadmaps;

/// <summary>The roadmap on the demo workspace: generation, workflow and lock, revisions, and the documents opened and inspected.</summary>
public sealed class RoadmapTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<RoadmapView> GenerateAsync(DemoWorld world, Viewer viewer) =>
        world.With(s => s.GetRequiredService<RoadmapService>().GenerateAsync(viewer, "CIV-2024", Ct));

    [Fact]
    public async Task Generation_AnswersEveryNeed_WithoutNearDuplicates_AndWithCompleteTraceability()
    {
        await using var world = await DemoWorld.CreateAsync();
        var officer = await world.ViewerAsync("officer");
        var card = await world.With(s => s.GetRequiredService<ScoringService>().ScoreAsync(officer, "CIV-2024", Ct));
        var plan = await GenerateAsync(world, officer);
        var recommendations = plan.Recommendations;

        recommendations.SelectMany(r => r.Recommendation.Questions).Should().BeEquivalentTo(card.Needs.Select(n => n.Question.Id), "every need is answered, once");
        recommendations.Select(r => r.Code).Should().OnlyHaveUniqueItems().And.OnlyContain(c => System.Text.RegularExpressions.Regex.IsMatch(c, "^CIV-2024-R[0-9]{2,}$"));
        foreach (var group in recommendations.GroupBy(r => (r.Recommendation.Framework, r.Lead)))
        {
            var titles = group.Select(r => r.Recommendation.TitleEn).ToList();
            for (var i = 0; i < titles.Count; i++)
            {
                for (var j = i + 1; j < titles.Count; j++)
                {
                    RoadmapGenerator.Similarity(titles[i], titles[j]).Should().BeLessThan(RoadmapGenerator.DuplicateSimilarity, $"{titles[i]} / {titles[j]}");
                }
            }
        }

        foreach (var r in recommendations.Select(v => v.Recommendation))
        {
            r.TitleEn.Should().NotBeNullOrWhiteSpace();
            r.TitleFr.Should().NotBeNullOrWhiteSpace().And.NotBe(r.TitleEn);
            r.RationaleFr.Should().Contain(r.Questions[0]);
            r.Provisions.Should().NotBeEmpty();
            r.Indicators.Should().HaveCount(r.Questions.Count);
            r.Milestones.Should().NotBeEmpty();
            r.LeadEntityId.Should().NotBeNull("every recommendation has a lead");
            r.CostMin.Should().BeLessThanOrEqualTo(r.CostMax!.Value);
        }

        recommendations.Should().Contain(r => r.Findings.Count > 0, "findings of the consultations are traced");
        var again = await GenerateAsync(world, officer);
        again.Recommendations.Select(r => r.Recommendation.TitleEn).Should().Equal(recommendations.Select(r => r.Recommendation.TitleEn), "generation is deterministic");
        again.Recommendations[0].Recommendation.Number.Should().BeGreaterThan(recommendations[^1].Recommendation.Number, "numbers are never reused");
    }

    [Fact]
    public async Task Workflow_DraftSubmittedValidatedAdopted_LocksThePlan_AndReopeningStartsANewEdition()
    {
        await using var world = await DemoWorld.CreateAsync();
        var officer = await world.ViewerAsync("officer");
        var coordinator = await world.ViewerAsync("coordinator");
        var service = (Func<IServiceProvider, RoadmapService>)(s => s.GetRequiredService<RoadmapService>());
        var plan = await GenerateAsync(world, officer);
        plan = await world.With(s => service(s).TransitionAsync(officer, "CIV-2024", RoadmapState.Submitted, null, plan.ConcurrencyStamp, Ct));
        var officerValidates = () => world.With(s => service(s).TransitionAsync(officer, "CIV-2024", RoadmapState.Validated, null, plan.ConcurrencyStamp, Ct));
        await officerValidates.Should().ThrowAsync<ForbiddenException>("only the country validates");
        var editSubmitted = () => world.With(async s => { await service(s).MoveAsync(officer, "CIV-2024", plan.Recommendations[1].Recommendation.Id, true, plan.ConcurrencyStamp, Ct); return true; });
        (await editSubmitted.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Roadmap.NotDraft");
        plan = await world.With(s => service(s).TransitionAsync(coordinator, "CIV-2024", RoadmapState.Validated, null, plan.ConcurrencyStamp, Ct));
        var skip = () => world.With(s => service(s).TransitionAsync(officer, "CIV-2024", RoadmapState.Submitted, null, plan.ConcurrencyStamp, Ct));
        (await skip.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Roadmap.Transition");
        plan = await world.With(s => service(s).TransitionAsync(officer, "CIV-2024", RoadmapState.Adopted, null, plan.ConcurrencyStamp, Ct));
        var locked = () => world.With(async s => { await service(s).MoveAsync(officer, "CIV-2024", plan.Recommendations[1].Recommendation.Id, true, plan.ConcurrencyStamp, Ct); return true; });
        (await locked.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Roadmap.Locked");
        var stale = () => world.With(s => service(s).TransitionAsync(officer, "CIV-2024", RoadmapState.Draft, "Nouvelle édition", Guid.NewGuid(), Ct));
        await stale.Should().ThrowAsync<ConflictException>();
        plan = await world.With(s => service(s).TransitionAsync(officer, "CIV-2024", RoadmapState.Draft, "Nouvelle édition après la revue annuelle", plan.ConcurrencyStamp, Ct));
        plan.Edition.Should().Be(2);
        plan.State.Should().Be(RoadmapState.Draft);
        var revisions = await world.With(s => service(s).RevisionsAsync(officer, "CIV-2024", Ct));
        revisions.Select(r => r.Change).Should().Equal("generated", "submitted", "validated", "adopted", "reopened");
        var respondent = await world.ViewerAsync("energy");
        var donor = await world.ViewerAsync("donor");
        var donorReads = () => world.With(s => service(s).GetAsync(donor, "CIV-2024", Ct));
        await donorReads.Should().ThrowAsync<ForbiddenException>();
        (await world.With(s => service(s).RevisionsAsync(officer, "CIV-2024", Ct))).Should().NotBeEmpty();
        var respondentReadsDraft = () => world.With(s => service(s).GetAsync(respondent, "CIV-2024", Ct));
        await respondentReadsDraft.Should().ThrowAsync<ForbiddenException>("a respondent reads the plan once validated, not a draft");
    }

    [Fact]
    public async Task Editing_BothLanguagesMergeSplitAndReorder_EachSaveIsARevisionWithAReadableDiff()
    {
        await using var world = await DemoWorld.CreateAsync();
        var officer = await world.ViewerAsync("officer");
        var service = (Func<IServiceProvider, RoadmapService>)(s => s.GetRequiredService<RoadmapService>());
        var plan = await GenerateAsync(world, officer);
        var first = plan.Recommendations[0];
        var r = first.Recommendation;
        await world.With(async s =>
        {
            await service(s).UpdateAsync(officer, "CIV-2024", r.Id, new RecommendationInput(r.TitleEn, "Désigner une autorité nationale de coordination", r.TextEn, r.TextFr, null, null,
                "CNS", ["MIS", "MAE"], PriorityBand.High, "short", 40_000, 90_000), plan.ConcurrencyStamp, Ct);
            return true;
        });
        var stale = () => world.With(async s => { await service(s).MoveAsync(officer, "CIV-2024", r.Id, false, plan.ConcurrencyStamp, Ct); return true; });
        await stale.Should().ThrowAsync<ConflictException>("the plan changed since it was read");
        var diff = await world.With(s => service(s).DiffAsync(officer, "CIV-2024", 1, 2, Ct));
        diff.Should().Contain(new DiffLine(first.Code, "title-fr", r.TitleFr, "Désigner une autorité nationale de coordination"));
        diff.Should().Contain(d => d.Field == "cost");
        var named = diff.Where(d => d.Field is "lead" or "supporting").Select(d => d.After ?? "").ToList();
        named.Should().NotBeEmpty();
        named.Where(n => Guid.TryParse(n.Split(", ")[0], out var _)).Should().BeEmpty("entities are named by their acronym");
        diff.Should().Contain(d => d.Field == "supporting" && d.After!.Contains("MIS", StringComparison.Ordinal) && d.After.Contains("MAE", StringComparison.Ordinal));

        // Saving a recommendation as it is records nothing, and says so.
        var again = await world.With(s => service(s).GetAsync(officer, "CIV-2024", Ct));
        var same = again.Recommendations.Single(x => x.Recommendation.Id == r.Id).Recommendation;
        var unchanged = () => world.With(async s =>
        {
            await service(s).UpdateAsync(officer, "CIV-2024", same.Id, new RecommendationInput(same.TitleEn, same.TitleFr, same.TextEn, same.TextFr, null, null,
                "CNS", ["MIS", "MAE", "CNS"], same.Priority, same.Horizon, same.CostMin, same.CostMax), again.ConcurrencyStamp, Ct);
            return true;
        });
        (await unchanged.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Roadmap.NothingChanged");

        plan = await world.With(s => service(s).GetAsync(officer, "CIV-2024", Ct));
        var two = plan.Recommendations.Take(2).Select(x => x.Recommendation.Id).ToList();
        await world.With(async s => { await service(s).MergeAsync(officer, "CIV-2024", two, plan.ConcurrencyStamp, Ct); return true; });
        plan = await world.With(s => service(s).GetAsync(officer, "CIV-2024", Ct));
        var merged = plan.Recommendations.Single(x => x.Recommendation.Questions.Count >= 2 && x.Recommendation.Number > 30 || x.Recommendation.Questions.Intersect(plan.Recommendations.SelectMany(y => y.Recommendation.Questions)).Any() && !two.Contains(x.Recommendation.Id) && x.Recommendation.Templates.Count > 1 && x.Recommendation.Number == plan.Recommendations.Max(y => y.Recommendation.Number));
        plan.Recommendations.Should().NotContain(x => two.Contains(x.Recommendation.Id));
        var mergeDiff = await world.With(s => service(s).DiffAsync(officer, "CIV-2024", 2, 3, Ct));
        mergeDiff.Where(d => d.Field == "removed").Should().HaveCount(2);
        mergeDiff.Where(d => d.Field is not ("removed" or "added" or "order")).Should().BeEmpty("the recommendations the merge left alone did not change");
        mergeDiff.Should().Contain(d => d.Field == "added" && d.Recommendation == merged.Code);

        await world.With(async s =>
        {
            await service(s).SplitAsync(officer, "CIV-2024", merged.Recommendation.Id,
                [new SplitPart("Part one", "Première partie", "", ""), new SplitPart("Part two", "Deuxième partie", "", "")], plan.ConcurrencyStamp, Ct);
            return true;
        });
        plan = await world.With(s => service(s).GetAsync(officer, "CIV-2024", Ct));
        plan.Recommendations.Where(x => x.Recommendation.TitleFr is "Première partie" or "Deuxième partie").Should().HaveCount(2)
            .And.OnlyContain(x => x.Recommendation.Questions.SequenceEqual(merged.Recommendation.Questions), "a split keeps the traceability");
        // The parts share the original's cost (the plan's total does not grow) and stand together in its place.
        var parts = plan.Recommendations.Where(x => x.Recommendation.TitleFr is "Première partie" or "Deuxième partie").Select(x => x.Recommendation).ToList();
        parts.Sum(p => p.CostMin).Should().Be(merged.Recommendation.CostMin);
        parts.Sum(p => p.CostMax).Should().Be(merged.Recommendation.CostMax);
        var ordered = plan.Recommendations.OrderBy(x => x.Recommendation.Order).Select(x => x.Recommendation.Id).ToList();
        Math.Abs(ordered.IndexOf(parts[0].Id) - ordered.IndexOf(parts[1].Id)).Should().Be(1);
        plan.Recommendations.Select(x => x.Recommendation.Order).Should().OnlyHaveUniqueItems();
        await world.With(async s => { await service(s).CommentAsync(officer, "CIV-2024", plan.Recommendations[0].Recommendation.Id, "À valider avec le CNS", Ct); return true; });
        (await world.With(s => service(s).CommentsAsync(officer, "CIV-2024", plan.Recommendations[0].Recommendation.Id, Ct))).Single().Comment.Text.Should().Be("À valider avec le CNS");
    }

    [Theory]
    [InlineData("fr", "Plan d'action", "Résumé analytique")]
    [InlineData("en", "Action plan", "Executive summary")]
    public async Task WordDocument_HasStylesContentsNumberingClassificationAndTheWholePlan_AndValidates(string language, string planHeading, string summary)
    {
        await using var world = await DemoWorld.CreateAsync();
        var officer = await world.ViewerAsync("officer");
        var plan = await GenerateAsync(world, officer);
        var (bytes, name) = await world.With(s => s.GetRequiredService<RoadmapDocuments>().RenderAsync(officer, "CIV-2024", language, RoadmapFormat.Docx, null, Ct));
        name.Should().Be($"CIV-2024-roadmap-{language}.docx");
        using var document = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document, Ct).Select(e => $"{e.Path?.XPath}: {e.Description}").Should().BeEmpty();
        var body = document.MainDocumentPart!.Document.Body!;
        var headings = body.Descendants<Paragraph>().Where(p => p.ParagraphProperties?.ParagraphStyleId?.Val?.Value?.StartsWith("Heading", StringComparison.Ordinal) == true).ToList();
        headings.Where(h => h.ParagraphProperties!.ParagraphStyleId!.Val == "Heading1").Select(h => h.InnerText).Should().Contain([summary, planHeading]);
        headings.Count(h => h.ParagraphProperties!.ParagraphStyleId!.Val == "Heading3").Should().Be(plan.Recommendations.Count, "one numbered heading per recommendation");
        document.MainDocumentPart.StyleDefinitionsPart!.Styles!.Descendants<OutlineLevel>().Should().HaveCountGreaterThanOrEqualTo(3, "headings fill the navigation pane");
        body.Descendants<FieldCode>().Select(f => f.Text).Should().Contain(t => t.Contains("TOC", StringComparison.Ordinal));
        document.MainDocumentPart.NumberingDefinitionsPart.Should().NotBeNull();
        document.MainDocumentPart.HeaderParts.Single().Header!.InnerText.Should().Contain("TLP:AMBER");
        document.MainDocumentPart.FooterParts.Single().Footer!.Descendants<SimpleField>().Single().Instruction!.Value.Should().Contain("PAGE");
        body.Descendants<PageSize>().Should().Contain(p => p.Orient != null && p.Orient.Value == PageOrientationValues.Landscape);
        body.Descendants<TableRow>().Count(r => r.TableRowProperties?.GetFirstChild<TableHeader>() is not null).Should().BeGreaterThan(4, "header rows repeat across pages");
        var text = body.InnerText;
        foreach (var r in plan.Recommendations)
        {
            text.Should().Contain(r.Code);
        }

        text.Should().NotContain("demo.example", "the annex of entities carries no personal contact").And.NotContain("+225");
        document.MainDocumentPart.ImageParts.Should().HaveCount(2, "the charts are in the annex");

        // Written in one language, in its own grammar: indicators name the levels in the edition's language only,
        // dates day first, counts agreeing with their noun, the coordinating entity not glued to a preposition.
        text.Should().NotContain("Initial / Embryonnaire").And.NotContain(" / Établi");
        if (language == "fr")
        {
            text.Should().Contain(" ; entité nationale de coordination : Ministère").And.MatchRegex("Niveau de maturité sur la question [a-z-]+[0-9]+, de [0-9] \\(").And.NotMatchRegex("(^|[^0-9])1 atouts");
            text.Should().Contain("samedi 1er juin 2024").And.NotContain(" 1 juin");
            text.Should().Contain("S/RES/2341 (2017), Par.").And.Contain(" du dispositif").And.NotContain("(2017), OP ", "provisions are cited in French");
        }
        else
        {
            text.Should().Contain("; national coordinating entity: Ministry").And.MatchRegex("Maturity level on question [a-z-]+[0-9]+, from [0-9] \\(").And.NotMatchRegex("(^|[^0-9])1 strengths");
            text.Should().Contain("1 June 2024").And.NotContain("June 1, 2024");
            text.Should().Contain("S/RES/2341 (2017), OP ").And.NotContain(" du dispositif");
        }
    }

    [Fact]
    public void RevisionDiff_IsWrittenInTheReadersLanguage()
    {
        var kept = new Recommendation { Number = 1, TitleEn = "Adopt a law", TitleFr = "Adopter une loi", Priority = PriorityBand.High, CostMin = 25000, CostMax = 75000 };
        var changed = new Recommendation { Number = 1, TitleEn = "Adopt a law", TitleFr = "Adopter une loi", Priority = PriorityBand.Medium, CostMin = 30000, CostMax = 75000 };
        var added = new Recommendation { Number = 2, TitleEn = "Train first responders", TitleFr = "Former les primo-intervenants" };
        var fr = RoadmapService.Diff("CIV-2024", [kept], [changed, added], language: "fr");
        fr.Should().Contain(d => d.Field == "added" && d.After == "Former les primo-intervenants");
        fr.Should().Contain(d => d.Field == "priority" && d.Before == "haute" && d.After == "moyenne");
        fr.Single(d => d.Field == "cost").Before.Should().Be("25\u202F000 – 75\u202F000 USD");
        var en = RoadmapService.Diff("CIV-2024", [kept], [changed, added]);
        en.Should().Contain(d => d.Field == "added" && d.After == "Train first responders");
        en.Single(d => d.Field == "cost").After.Should().Be("30,000 – 75,000 USD");
    }

    [Fact]
    public async Task ExecutiveSummary_NamesTheHighestPriorities_AndMethodologyCountsTheEntitiesThatAnswered()
    {
        await using var world = await DemoWorld.CreateAsync();
        var officer = await world.ViewerAsync("officer");
        var plan = await GenerateAsync(world, officer);
        var md = System.Text.Encoding.UTF8.GetString((await world.With(s => s.GetRequiredService<RoadmapDocuments>().RenderAsync(officer, "CIV-2024", "en", RoadmapFormat.Md, null, Ct))).Content);
        var summary = md[md.IndexOf("Executive summary", StringComparison.Ordinal)..md.IndexOf("## 2 ", StringComparison.Ordinal)];
        var expected = plan.Recommendations.Where(r => r.Recommendation.Priority == PriorityBand.High)
            .OrderByDescending(r => r.Recommendation.PriorityIndex).ThenBy(r => r.Recommendation.Order).Take(8).Select(r => r.Code).ToList();
        expected.Should().NotBeEmpty();
        System.Text.RegularExpressions.Regex.Matches(summary, "CIV-2024-R[0-9]+").Select(m => m.Value).Should().Equal(expected, "the summary ranks by priority index, as section 6 does");
        plan.Recommendations.Where(r => r.Recommendation.Priority == PriorityBand.High && !expected.Contains(r.Code))
            .Should().OnlyContain(r => r.Recommendation.PriorityIndex <= plan.Recommendations.Where(x => expected.Contains(x.Code)).Min(x => x.Recommendation.PriorityIndex));

        var (answering, registered) = await world.With(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var id = await db.Engagements.Where(e => e.Code == "CIV-2024").Select(e => e.Id).SingleAsync(Ct);
            return (await db.Answers.Where(x => x.EngagementId == id && (x.Level != null || x.NotApplicable)).Select(x => x.EntityId).Distinct().CountAsync(Ct),
                await db.NationalEntities.CountAsync(x => x.EngagementId == id && !x.IsDeactivated, Ct));
        });
        answering.Should().BeLessThan(registered, "the demo has an entity that has not answered yet");
        md.Should().Contain($"{answering} national entities answered the questions assigned to them");
    }

    [Fact]
    public async Task MarkdownAndHtmlEditions_CarryTheSamePlan_AndPdfComesFromLibreOfficeWhenInstalled()
    {
        await using var world = await DemoWorld.CreateAsync();
        var officer = await world.ViewerAsync("officer");
        var plan = await GenerateAsync(world, officer);
        var documents = (Func<IServiceProvider, RoadmapDocuments>)(s => s.GetRequiredService<RoadmapDocuments>());
        var md = System.Text.Encoding.UTF8.GetString((await world.With(s => documents(s).RenderAsync(officer, "CIV-2024", "fr", RoadmapFormat.Md, null, Ct))).Content);
        var html = System.Text.Encoding.UTF8.GetString((await world.With(s => documents(s).RenderAsync(officer, "CIV-2024", "en", RoadmapFormat.Html, null, Ct))).Content);
        md.Should().StartWith("**TLP:AMBER**").And.Contain("## 1 Résumé analytique").And.Contain("| Référence |");
        html.Should().Contain("<html lang=\"en\">").And.NotContain("<script");
        foreach (var r in plan.Recommendations)
        {
            md.Should().Contain(r.Code);
            html.Should().Contain(r.Code);
        }

        var steps = new List<int>();
        var pdf = () => world.With(s => documents(s).RenderAsync(officer, "CIV-2024", "fr", RoadmapFormat.Pdf, new SyncProgress(p => steps.Add(p.Percent)), Ct));
        if (RoadmapDocuments.LibreOffice() is null)
        {
            Environment.GetEnvironmentVariable("REMPART_REQUIRE_PDF").Should().NotBe("1", "the test command installs LibreOffice, so PDF is proven in CI");
            (await pdf.Should().ThrowAsync<DomainRuleException>()).Which.Code.Should().Be("Roadmap.PdfUnavailable");
            return;
        }

        var (bytes, name) = await pdf();
        name.Should().EndWith(".pdf");
        bytes[..5].Should().Equal("%PDF-"u8.ToArray());
        steps.Should().StartWith(5).And.EndWith(100);
    }

    private sealed class SyncProgress(Action<(int Percent, string Step)> report) : IProgress<(int Percent, string Step)>
    {
        public void Report((int Percent, string Step) value) => report(value);
    }
}
