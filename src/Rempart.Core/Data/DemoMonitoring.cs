using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rempart.Core.Access;
using Rempart.Core.Engagements;
using Rempart.Core.Monitoring;
using Rempart.Core.Roadmaps;
using Rempart.Core.Scoring;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rempart.Core.Data;

/// <summary>
/// Loads a demo engagement's adopted plan and its follow-up (<c>demo/monitoring-*.yaml</c>): the recommendations as
/// adopted, dated progress reports, indicator measurements, milestones reached, and technical-assistance activities
/// with participants and funding. Checked against the catalog and the engagement: an unknown question, provision,
/// entity, organisation or user stops the load.
/// </summary>
internal static class DemoMonitoring
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task LoadAsync(AppDbContext db, Catalog.CatalogService catalogs, string path, IReadOnlyDictionary<string, RempartUser> byEmail, CancellationToken cancellationToken)
    {
        File file;
        try
        {
            using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
            file = new DeserializerBuilder().WithNamingConvention(HyphenatedNamingConvention.Instance).Build().Deserialize<File>(reader) ?? new File();
        }
        catch (YamlException e)
        {
            throw new DomainRuleException("Demo.FileInvalid", path, e.Start.Line, e.Start.Column, (e.InnerException ?? e).Message);
        }

        Exception Invalid(string what) => new DomainRuleException("Demo.FileInvalid", path, 0, 0, what);
        var engagement = await db.Engagements.SingleOrDefaultAsync(e => e.Code == file.Engagement, cancellationToken) ?? throw Invalid($"no engagement {file.Engagement}");
        var catalogKey = await catalogs.PinnedKeyAsync(engagement.Id, cancellationToken) ?? throw Invalid($"engagement {file.Engagement} has no catalog version");
        var catalog = await catalogs.GetAsync(catalogKey, cancellationToken);
        var questions = catalog.Questions.Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var provisions = catalog.Provisions.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var entities = await db.NationalEntities.Where(e => e.EngagementId == engagement.Id).ToDictionaryAsync(e => e.Acronym, e => e.Id, cancellationToken);
        var organisations = await db.EngagementOrganisations.Where(o => o.EngagementId == engagement.Id).ToListAsync(cancellationToken);
        RempartUser User(string email) => byEmail.GetValueOrDefault(email) ?? throw Invalid($"no demo user {email}");
        Guid Entity(string acronym) => entities.TryGetValue(acronym, out var id) ? id : throw Invalid($"no entity {acronym} in {file.Engagement}");
        static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);

        var plan = file.Roadmap;
        var adoptedBy = User(plan.AdoptedBy);
        var roadmap = new Roadmap
        {
            EngagementId = engagement.Id, State = RoadmapState.Adopted, Edition = 1, Revision = 1, ShortMonths = plan.ShortMonths, MediumMonths = plan.MediumMonths,
            Classification = Tlp.Parse(plan.Classification) ?? throw Invalid($"classification {plan.Classification} is not a TLP label"),
            GeneratedAt = At(plan.AdoptedOn.AddMonths(-3)), AdoptedAt = At(plan.AdoptedOn),
        };
        var order = 0;
        foreach (var r in plan.Recommendations)
        {
            if (r.Questions.FirstOrDefault(q => !questions.Contains(q)) is { } q)
            {
                throw Invalid($"recommendation {r.Number}: no question {q} in {catalogKey}");
            }

            if (r.Provisions.FirstOrDefault(p => !provisions.Contains(p)) is { } p)
            {
                throw Invalid($"recommendation {r.Number}: no provision {p} in {catalogKey}");
            }

            if (catalog.Frameworks.All(f => f.Id != r.Framework) || !new[] { "short", "medium", "long" }.Contains(r.Horizon))
            {
                throw Invalid($"recommendation {r.Number}: framework {r.Framework} or horizon {r.Horizon} unknown");
            }

            roadmap.Recommendations.Add(new Recommendation
            {
                RoadmapId = roadmap.Id, Number = r.Number, Order = ++order, Framework = r.Framework, Theme = r.Theme, TitleEn = r.Title.En, TitleFr = r.Title.Fr,
                TextEn = r.Text.En, TextFr = r.Text.Fr, Questions = r.Questions, Provisions = r.Provisions, LeadEntityId = Entity(r.Lead),
                SupportingEntityIds = [.. r.Supporting.Select(Entity)], Priority = r.Priority, Horizon = r.Horizon,
                Indicators = [.. r.Indicators.Select(i => new Indicator(i.Name.En, i.Name.Fr, i.Baseline, i.Target, i.Means.En, i.Means.Fr))],
                Milestones = [.. r.Milestones.Select(m => new Milestone(m.Title.En, m.Title.Fr, m.Month))],
            });
        }

        db.Roadmaps.Add(roadmap);
        db.RoadmapRevisions.Add(new RoadmapRevision
        {
            RoadmapId = roadmap.Id, Revision = 1, Edition = 1, At = roadmap.AdoptedAt.Value, By = adoptedBy.Id, Change = "adopted", State = RoadmapState.Adopted,
            Note = "Demo", Snapshot = JsonSerializer.Serialize(roadmap.Recommendations.OrderBy(r => r.Number).ToList(), Json),
        });
        Recommendation Rec(int number) => roadmap.Recommendations.SingleOrDefault(r => r.Number == number) ?? throw Invalid($"no recommendation {number}");

        foreach (var report in file.Reports.OrderBy(r => r.On))
        {
            var r = Rec(report.Recommendation);
            TrackingRules.CheckReport(report.Status, report.Progress, report.Note, report.On, plan.AdoptedOn, DateOnly.MaxValue.AddDays(-1));
            db.ProgressUpdates.Add(new ProgressUpdate
            {
                EngagementId = engagement.Id, RecommendationId = r.Id, AsOf = report.On, Status = report.Status, Progress = report.Progress, Note = report.Note ?? "",
                EvidenceReference = report.Evidence, RecordedAt = At(report.On).AddHours(6), By = User(report.By).Id,
            });
        }

        foreach (var last in file.Reports.GroupBy(r => r.Recommendation).Select(g => g.OrderBy(r => r.On).Last()))
        {
            db.RecommendationTracking.Add(new RecommendationTracking
            {
                EngagementId = engagement.Id, RecommendationId = Rec(last.Recommendation).Id, Status = last.Status, Progress = last.Progress, AsOf = last.On, UpdatedAt = At(last.On).AddHours(6),
            });
        }

        foreach (var m in file.Measurements)
        {
            var r = Rec(m.Recommendation);
            if (m.Indicator < 1 || m.Indicator > r.Indicators.Count)
            {
                throw Invalid($"recommendation {m.Recommendation} has no indicator {m.Indicator}");
            }

            db.IndicatorMeasurements.Add(new IndicatorMeasurement
            {
                EngagementId = engagement.Id, RecommendationId = r.Id, Indicator = m.Indicator - 1, AsOf = m.On, Value = m.Value, Note = m.Note, RecordedAt = At(m.On).AddHours(7), By = User(m.By).Id,
            });
        }

        foreach (var m in file.Milestones)
        {
            var r = Rec(m.Recommendation);
            if (m.Milestone < 1 || m.Milestone > r.Milestones.Count)
            {
                throw Invalid($"recommendation {m.Recommendation} has no milestone {m.Milestone}");
            }

            db.MilestoneCompletions.Add(new MilestoneCompletion
            {
                EngagementId = engagement.Id, RecommendationId = r.Id, Milestone = m.Milestone - 1, ReachedOn = m.On, RecordedAt = At(m.On).AddHours(8), By = User(m.By).Id,
            });
        }

        var number = 0;
        foreach (var a in file.Activities)
        {
            if (a.Planned.Count != 2 || a.Actual.Count is not (0 or 2))
            {
                throw Invalid($"activity {a.Title.En}: planned and actual take a start and an end date");
            }

            var activity = new AssistanceActivity
            {
                EngagementId = engagement.Id, Number = ++number, Kind = a.Kind, Status = a.Status, TitleEn = a.Title.En, TitleFr = a.Title.Fr, DescriptionEn = a.Description.En,
                DescriptionFr = a.Description.Fr, PlannedStart = a.Planned[0], PlannedEnd = a.Planned[1], ActualStart = a.Actual.Count == 2 ? a.Actual[0] : null,
                ActualEnd = a.Actual.Count == 2 ? a.Actual[1] : null, Place = a.Place,
                Partners = [.. a.Partners.Select(p => organisations.FirstOrDefault(o => o.Code == p)?.Code ?? throw Invalid($"no organisation {p}"))],
                Recommendations = [.. a.Recommendations.Select(n => Rec(n).Id)],
                Participants = [.. a.Participants.Select(p => entities.TryGetValue(p.Who, out var id) ? new ParticipantCount(id, null, p.Women, p.Men) : new ParticipantCount(null, p.Who, p.Women, p.Men))],
                Classification = Tlp.Parse(a.Classification) ?? throw Invalid($"classification {a.Classification} is not a TLP label"),
                CreatedAt = At(a.Planned[0].AddMonths(-2)), CreatedBy = adoptedBy.Id,
            };
            foreach (var f in a.Funding)
            {
                var donor = organisations.FirstOrDefault(o => o.Code == f.Donor && o.Role == OrganisationRole.Donor) ?? throw Invalid($"no donor {f.Donor} in {file.Engagement}");
                activity.Funding.Add(new ActivityFunding { ActivityId = activity.Id, DonorId = donor.Id, Kind = f.Kind, Amount = f.Amount, Currency = f.Currency, Date = f.Date, Note = f.Note });
            }

            db.AssistanceActivities.Add(activity);
        }
    }

    private sealed class File
    {
        public string Engagement { get; set; } = "";

        public DemoPlan Roadmap { get; set; } = new();

        public List<DemoReport> Reports { get; set; } = [];

        public List<DemoMeasurement> Measurements { get; set; } = [];

        public List<DemoMilestone> Milestones { get; set; } = [];

        public List<DemoActivity> Activities { get; set; } = [];
    }

    private sealed class Text
    {
        public string En { get; set; } = "";

        public string Fr { get; set; } = "";
    }

    private sealed class DemoPlan
    {
        public DateOnly AdoptedOn { get; set; }

        public string AdoptedBy { get; set; } = "";

        public string Classification { get; set; } = Tlp.Amber;

        public int ShortMonths { get; set; } = 12;

        public int MediumMonths { get; set; } = 36;

        public List<DemoRecommendation> Recommendations { get; set; } = [];
    }

    private sealed class DemoRecommendation
    {
        public int Number { get; set; }

        public string Framework { get; set; } = "";

        public string Theme { get; set; } = "";

        public PriorityBand Priority { get; set; }

        public string Horizon { get; set; } = "medium";

        public string Lead { get; set; } = "";

        public List<string> Supporting { get; set; } = [];

        public List<string> Questions { get; set; } = [];

        public List<string> Provisions { get; set; } = [];

        public Text Title { get; set; } = new();

        public Text Text { get; set; } = new();

        public List<DemoIndicator> Indicators { get; set; } = [];

        public List<DemoStep> Milestones { get; set; } = [];
    }

    private sealed class DemoIndicator
    {
        public Text Name { get; set; } = new();

        public string Baseline { get; set; } = "";

        public string Target { get; set; } = "";

        public Text Means { get; set; } = new();
    }

    private sealed class DemoStep
    {
        public Text Title { get; set; } = new();

        public int Month { get; set; }
    }

    private sealed class DemoReport
    {
        public int Recommendation { get; set; }

        public DateOnly On { get; set; }

        public ImplementationStatus Status { get; set; }

        public int Progress { get; set; }

        public string By { get; set; } = "";

        public string? Note { get; set; }

        public string? Evidence { get; set; }
    }

    private sealed class DemoMeasurement
    {
        public int Recommendation { get; set; }

        public int Indicator { get; set; }

        public DateOnly On { get; set; }

        public string Value { get; set; } = "";

        public string By { get; set; } = "";

        public string? Note { get; set; }
    }

    private sealed class DemoMilestone
    {
        public int Recommendation { get; set; }

        public int Milestone { get; set; }

        public DateOnly On { get; set; }

        public string By { get; set; } = "";
    }

    private sealed class DemoActivity
    {
        public AssistanceKind Kind { get; set; }

        public ActivityStatus Status { get; set; }

        public Text Title { get; set; } = new();

        public Text Description { get; set; } = new();

        public List<DateOnly> Planned { get; set; } = [];

        public List<DateOnly> Actual { get; set; } = [];

        public string Place { get; set; } = "";

        public List<string> Partners { get; set; } = [];

        public List<int> Recommendations { get; set; } = [];

        public string Classification { get; set; } = Tlp.Green;

        public List<DemoParticipants> Participants { get; set; } = [];

        public List<DemoFunding> Funding { get; set; } = [];
    }

    private sealed class DemoParticipants
    {
        public string Who { get; set; } = "";

        public int Women { get; set; }

        public int Men { get; set; }
    }

    private sealed class DemoFunding
    {
        public string Donor { get; set; } = "";

        public FundingKind Kind { get; set; }

        public decimal Amount { get; set; }

        public string Currency { get; set; } = "";

        public DateOnly Date { get; set; }

        public string? Note { get; set; }
    }
}
