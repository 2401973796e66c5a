using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Rempart.Core.Access;
using Rempart.Core.Data;
using Rempart.Core.Monitoring;
using Rempart.Core.Questionnaires;
using Rempart.Core.Scoring;

namespace Rempart.Web.Monitoring;

public sealed record TrackingMilestoneResponse(int Number, string TitleEn, string TitleFr, int Month, DateOnly Due, DateOnly? ReachedOn, bool Overdue, bool DueSoon);

public sealed record TrackingReasonResponse(string Code, string Message);

public sealed record TrackingItemResponse(
    int Number, string Code, string TitleEn, string TitleFr, string Framework, string Horizon, string? Lead, ImplementationStatus Recorded, ImplementationStatus Effective,
    int Progress, DateOnly? Deadline, bool PastDeadline, bool Late, DateOnly? LastReport, bool Stale, int OverdueMilestones, IReadOnlyList<TrackingMilestoneResponse> Milestones,
    IReadOnlyList<TrackingReasonResponse> Attention, Guid ConcurrencyStamp, bool CanReport);

public sealed record MonitoringOverviewResponse(
    string Engagement, int Edition, DateOnly Adopted, DateOnly Today, string Classification, double MeanProgress, IReadOnlyDictionary<string, int> ByStatus, int Late,
    IReadOnlyList<TrackingItemResponse> Items, IReadOnlyList<string> Attention, IReadOnlyList<ProgressPoint> History);

public sealed record TrackingIndicatorResponse(int Number, string NameEn, string NameFr, string Baseline, string Target, string MeansEn, string MeansFr);

public sealed record TrackingMeasurementResponse(Guid Id, int Indicator, DateOnly AsOf, string Value, double? Attainment, string? Note, string? EvidenceReference, DateTimeOffset RecordedAt, string By);

public sealed record TrackingDetailResponse(
    TrackingItemResponse Item, string TextEn, string TextFr, IReadOnlyList<TrackingIndicatorResponse> Indicators, IReadOnlyList<UpdateView> Updates,
    IReadOnlyList<TrackingMeasurementResponse> Measurements, IReadOnlyList<ActivityLink> Activities);

public sealed record ProgressReportRequest(DateOnly AsOf, ImplementationStatus Status, [property: Range(0, 100)] int Progress, string? Note, string? EvidenceReference, Guid ConcurrencyStamp);

public sealed record ProgressReportResponse(Guid Id, Guid ConcurrencyStamp);

public sealed record MeasurementRequest([property: Range(1, 100)] int Indicator, DateOnly AsOf, [property: Required] string Value, string? Note, string? EvidenceReference);

public sealed record CreatedIdResponse(Guid Id);

public sealed record MilestoneRequest(DateOnly ReachedOn, string? Note);

public sealed record ActivityUpdateRequest([property: Required] ActivityInput Activity, Guid ConcurrencyStamp);

public sealed record ActivityPartnerResponse(string Code, string NameEn, string NameFr);

public sealed record ActivityRecommendationResponse(int Number, string Code, string? TitleEn, string? TitleFr);

public sealed record ActivityParticipantResponse(string Who, bool IsEntity, int Women, int Men);

public sealed record FundingTotalResponse(string Donor, FundingKind Kind, string Currency, decimal Amount);

public sealed record ActivityResponse(
    int Number, string Code, AssistanceKind Kind, ActivityStatus Status, string TitleEn, string TitleFr, string DescriptionEn, string DescriptionFr,
    DateOnly PlannedStart, DateOnly PlannedEnd, DateOnly? ActualStart, DateOnly? ActualEnd, string Place, string Classification,
    IReadOnlyList<ActivityPartnerResponse> Partners, IReadOnlyList<ActivityRecommendationResponse> Recommendations, IReadOnlyList<ActivityParticipantResponse> Participants,
    int Women, int Men, IReadOnlyList<FundingView> Funding, IReadOnlyList<FundingTotalResponse> Totals, Guid ConcurrencyStamp);

public sealed record DonorViewResponse(
    string Engagement, IReadOnlyList<ActivityResponse> Activities, IReadOnlyList<DonorRecommendation> Recommendations, IReadOnlyList<FundingTotalResponse> Totals, int Women, int Men);

public sealed record StartReviewRequest(string? Label);

/// <summary>Follow-up of the adopted plan and the programme's technical assistance: JSON, evidence files, the timeline and the progress chart.</summary>
internal static class MonitoringEndpoints
{
    public static RouteGroupBuilder MapMonitoringEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/engagements/{engagement}/monitoring").WithTags("Monitoring");
        group.MapGet("", Overview).WithName("Monitoring_Overview");
        group.MapGet("/recommendations/{number:int}", Detail).WithName("Monitoring_Detail");
        group.MapPost("/recommendations/{number:int}/reports", Report).WithName("Monitoring_Report");
        group.MapPost("/recommendations/{number:int}/reports/{update:guid}/evidence", Evidence).WithName("Monitoring_Evidence_Upload").DisableAntiforgery();
        group.MapGet("/evidence/{id:guid}", Download).WithName("Monitoring_Evidence_Download");
        group.MapPost("/recommendations/{number:int}/measurements", Measure).WithName("Monitoring_Measure");
        group.MapPut("/recommendations/{number:int}/milestones/{milestone:int}", Reach).WithName("Monitoring_Milestone_Reach");
        group.MapDelete("/recommendations/{number:int}/milestones/{milestone:int}", Reopen).WithName("Monitoring_Milestone_Reopen");
        group.MapGet("/activities", Activities).WithName("Monitoring_Activities_List");
        group.MapPost("/activities", CreateActivity).WithName("Monitoring_Activities_Create");
        group.MapGet("/activities/{number:int}", Activity).WithName("Monitoring_Activities_Get");
        group.MapPut("/activities/{number:int}", UpdateActivity).WithName("Monitoring_Activities_Update");
        group.MapPost("/activities/{number:int}/funding", AddFunding).WithName("Monitoring_Funding_Add");
        group.MapDelete("/activities/{number:int}/funding/{id:guid}", RemoveFunding).WithName("Monitoring_Funding_Remove");
        group.MapGet("/donor", Donor).WithName("Monitoring_Donor");
        group.MapPost("/review", StartReview).WithName("Monitoring_Review_Start");
        group.MapGet("/timeline.svg", Timeline).WithName("Monitoring_Timeline");
        group.MapGet("/charts/progress.svg", ProgressSvg).WithName("Monitoring_Progress_Svg");
        group.MapGet("/charts/progress.png", ProgressPng).WithName("Monitoring_Progress_Png");
        return group;
    }

    private static Viewer Me(HttpContext http) => Viewer.From(http.User)!;

    internal static string Lang(string? language) =>
        (language ?? CultureInfo.CurrentUICulture.TwoLetterISOLanguageName).StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";

    internal static TrackingItemResponse Item(TrackedRecommendation i, CultureInfo culture) => new(
        i.Recommendation.Number, i.Code, i.Recommendation.TitleEn, i.Recommendation.TitleFr, i.Recommendation.Framework, i.Recommendation.Horizon, i.Lead,
        i.State.Recorded, i.State.Effective, i.State.Progress, i.State.Deadline, i.State.PastDeadline, i.State.Late, i.State.LastReport, i.State.Stale, i.State.OverdueMilestones,
        [.. i.State.Milestones.Select(m => new TrackingMilestoneResponse(m.Index + 1, m.Milestone.TitleEn, m.Milestone.TitleFr, m.Milestone.Month, m.Due, m.ReachedOn, m.Overdue, m.DueSoon))],
        [.. i.State.Attention.Select(a => new TrackingReasonResponse(a, CoreMessages.Format(a, culture)))], i.ConcurrencyStamp, i.CanReport);

    internal static ActivityResponse ToResponse(ActivityView v) => new(
        v.Activity.Number, v.Code, v.Activity.Kind, v.Activity.Status, v.Activity.TitleEn, v.Activity.TitleFr, v.Activity.DescriptionEn, v.Activity.DescriptionFr,
        v.Activity.PlannedStart, v.Activity.PlannedEnd, v.Activity.ActualStart, v.Activity.ActualEnd, v.Activity.Place, v.Activity.Classification,
        [.. v.Partners.Select(p => new ActivityPartnerResponse(p.Code, p.NameEn, p.NameFr))],
        [.. v.Recommendations.Select(r => new ActivityRecommendationResponse(r.Number, r.Code, r.TitleEn.Length == 0 ? null : r.TitleEn, r.TitleFr.Length == 0 ? null : r.TitleFr))],
        [.. v.Participants.Select(p => new ActivityParticipantResponse(p.Who, p.IsEntity, p.Women, p.Men))], v.Women, v.Men, v.Funding,
        [.. v.Totals.Select(t => new FundingTotalResponse(t.Donor, t.Kind, t.Currency, t.Amount))], v.Activity.ConcurrencyStamp);

    internal static async Task<Ok<MonitoringOverviewResponse>> Overview(string engagement, HttpContext http, MonitoringService monitoring)
    {
        var plan = await monitoring.OverviewAsync(Me(http), engagement, http.RequestAborted);
        var culture = CultureInfo.CurrentUICulture;
        return TypedResults.Ok(new MonitoringOverviewResponse(plan.EngagementCode, plan.Edition, plan.Adopted, plan.Today, plan.Classification, Math.Round(plan.MeanProgress, 1),
            Enum.GetValues<ImplementationStatus>().ToDictionary(s => s.ToString(), s => plan.Items.Count(i => i.State.Effective == s)), plan.Late.Count,
            [.. plan.Items.Select(i => Item(i, culture))], [.. plan.Attention.Select(i => i.Code)], plan.History));
    }

    internal static async Task<Ok<TrackingDetailResponse>> Detail(string engagement, int number, HttpContext http, MonitoringService monitoring)
    {
        var detail = await monitoring.DetailAsync(Me(http), engagement, number, http.RequestAborted);
        var r = detail.Item.Recommendation;
        return TypedResults.Ok(new TrackingDetailResponse(Item(detail.Item, CultureInfo.CurrentUICulture), r.TextEn, r.TextFr,
            [.. r.Indicators.Select((x, n) => new TrackingIndicatorResponse(n + 1, x.NameEn, x.NameFr, x.Baseline, x.Target, x.MeansEn, x.MeansFr))], detail.Updates,
            [.. detail.Measurements.Select(m => new TrackingMeasurementResponse(m.Id, m.Indicator + 1, m.AsOf, m.Value, m.Attainment, m.Note, m.EvidenceReference, m.RecordedAt, m.By))],
            detail.Activities));
    }

    /// <remarks>Send the <c>concurrencyStamp</c> of the recommendation as read (an empty Guid before its first report): 409 when someone reported since.</remarks>
    internal static async Task<Ok<ProgressReportResponse>> Report(string engagement, int number, ProgressReportRequest request, HttpContext http, MonitoringService monitoring)
    {
        var id = await monitoring.ReportAsync(Me(http), engagement, number, new ProgressInput(request.AsOf, request.Status, request.Progress, request.Note, request.EvidenceReference),
            request.ConcurrencyStamp, http.RequestAborted);
        var detail = await monitoring.DetailAsync(Me(http), engagement, number, http.RequestAborted);
        return TypedResults.Ok(new ProgressReportResponse(id, detail.Item.ConcurrencyStamp));
    }

    internal static async Task<Results<Ok<EvidenceView>, BadRequest>> Evidence(
        string engagement, int number, Guid update, IFormFile? file, HttpContext http, MonitoringService monitoring, IAntiforgery antiforgery)
    {
        if (!await Hosting.UploadGuard.IsAllowedAsync(http, antiforgery) || file is null)
        {
            return TypedResults.BadRequest();
        }

        await using var stream = file.OpenReadStream();
        return TypedResults.Ok(await monitoring.AddEvidenceAsync(Me(http), engagement, number, update, stream, file.FileName, http.RequestAborted));
    }

    internal static async Task<FileContentHttpResult> Download(string engagement, Guid id, HttpContext http, MonitoringService monitoring)
    {
        var file = await monitoring.EvidenceAsync(Me(http), engagement, id, http.RequestAborted);
        http.Response.Headers["X-Content-SHA256"] = file.Sha256;
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    /// <remarks>Indicators are numbered from 1, in the recommendation's order.</remarks>
    internal static async Task<Ok<CreatedIdResponse>> Measure(string engagement, int number, MeasurementRequest request, HttpContext http, MonitoringService monitoring) =>
        TypedResults.Ok(new CreatedIdResponse(await monitoring.MeasureAsync(Me(http), engagement, number,
            new MeasurementInput(request.Indicator - 1, request.AsOf, request.Value, request.Note, request.EvidenceReference), http.RequestAborted)));

    /// <remarks>Milestones are numbered from 1, in the recommendation's order.</remarks>
    internal static async Task<NoContent> Reach(string engagement, int number, int milestone, MilestoneRequest request, HttpContext http, MonitoringService monitoring)
    {
        await monitoring.MilestoneAsync(Me(http), engagement, number, milestone - 1, request.ReachedOn, request.Note, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> Reopen(string engagement, int number, int milestone, HttpContext http, MonitoringService monitoring)
    {
        await monitoring.MilestoneAsync(Me(http), engagement, number, milestone - 1, null, null, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<IReadOnlyList<ActivityResponse>>> Activities(string engagement, HttpContext http, AssistanceService assistance) =>
        TypedResults.Ok<IReadOnlyList<ActivityResponse>>([.. (await assistance.ListAsync(Me(http), engagement, http.RequestAborted)).Select(ToResponse)]);

    internal static async Task<Ok<ActivityResponse>> CreateActivity(string engagement, ActivityInput request, HttpContext http, AssistanceService assistance) =>
        TypedResults.Ok(ToResponse(await assistance.CreateAsync(Me(http), engagement, request, http.RequestAborted)));

    internal static async Task<Ok<ActivityResponse>> Activity(string engagement, int number, HttpContext http, AssistanceService assistance) =>
        TypedResults.Ok(ToResponse(await assistance.GetAsync(Me(http), engagement, number, http.RequestAborted)));

    /// <remarks>Send the activity's <c>concurrencyStamp</c> as read: 409 when someone changed it since.</remarks>
    internal static async Task<Ok<ActivityResponse>> UpdateActivity(string engagement, int number, ActivityUpdateRequest request, HttpContext http, AssistanceService assistance) =>
        TypedResults.Ok(ToResponse(await assistance.UpdateAsync(Me(http), engagement, number, request.Activity, request.ConcurrencyStamp, http.RequestAborted)));

    internal static async Task<Ok<FundingView>> AddFunding(string engagement, int number, FundingInput request, HttpContext http, AssistanceService assistance) =>
        TypedResults.Ok(await assistance.AddFundingAsync(Me(http), engagement, number, request, http.RequestAborted));

    internal static async Task<NoContent> RemoveFunding(string engagement, int number, Guid id, HttpContext http, AssistanceService assistance)
    {
        await assistance.RemoveFundingAsync(Me(http), engagement, number, id, http.RequestAborted);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<DonorViewResponse>> Donor(string engagement, HttpContext http, AssistanceService assistance)
    {
        var view = await assistance.DonorViewAsync(Me(http), engagement, http.RequestAborted);
        return TypedResults.Ok(new DonorViewResponse(view.EngagementCode, [.. view.Activities.Select(ToResponse)], view.Recommendations,
            [.. view.Totals.Select(t => new FundingTotalResponse(t.Donor, t.Kind, t.Currency, t.Amount))], view.Activities.Sum(a => a.Women), view.Activities.Sum(a => a.Men)));
    }

    /// <remarks>Freezes the national position as a cycle, reopens the questionnaires sent in and moves the engagement to Review.</remarks>
    internal static async Task<Ok<ReviewStarted>> StartReview(string engagement, StartReviewRequest request, HttpContext http, ReviewCycleService reviews) =>
        TypedResults.Ok(await reviews.StartAsync(Me(http), engagement, request.Label, http.RequestAborted));

    internal static TimelineLabels Labels(IStringLocalizer<SharedResource> text, CultureInfo culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var statuses = Enum.GetValues<ImplementationStatus>().ToDictionary(s => s, s => text["Mon.Status." + s].Value);
            return new TimelineLabels(text["Mon.Timeline"], text["Mon.Today"], text["Mon.Milestone.Reached"], text["Mon.Milestone.Overdue"], text["Mon.Milestone.Upcoming"], s => statuses[s]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    internal static async Task<FileContentHttpResult> Timeline(string engagement, string? language, HttpContext http, MonitoringService monitoring, IStringLocalizer<SharedResource> text)
    {
        var plan = await monitoring.OverviewAsync(Me(http), engagement, http.RequestAborted);
        var lang = Lang(language);
        var svg = PlanTimeline.Render(PlanTimeline.Bars(plan, lang), plan.Adopted, plan.Today, lang, Labels(text, CultureInfo.GetCultureInfo(lang)));
        return TypedResults.File(PlanTimeline.Document(svg), "image/svg+xml", $"{plan.EngagementCode}-timeline-{lang}.svg");
    }

    internal static async Task<ScoringChart> ProgressChartAsync(string engagement, string lang, HttpContext http, MonitoringService monitoring, IStringLocalizer<SharedResource> text)
    {
        var plan = await monitoring.OverviewAsync(Me(http), engagement, http.RequestAborted);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(lang);
        try
        {
            return MonitoringCharts.Progress(plan, lang, text["Mon.ProgressChart"], text["Mon.Month"], text["Mon.MeanProgress"]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    internal static async Task<ContentHttpResult> ProgressSvg(string engagement, string? language, HttpContext http, MonitoringService monitoring, IStringLocalizer<SharedResource> text) =>
        TypedResults.Content((await ProgressChartAsync(engagement, Lang(language), http, monitoring, text)).Svg(), "image/svg+xml");

    internal static async Task<FileContentHttpResult> ProgressPng(string engagement, string? language, HttpContext http, MonitoringService monitoring, IStringLocalizer<SharedResource> text) =>
        TypedResults.File((await ProgressChartAsync(engagement, Lang(language), http, monitoring, text)).Png(), "image/png", $"{engagement.ToUpperInvariant()}-progress.png");
}
