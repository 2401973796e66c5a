namespace Rempart.Core.Catalog;

/// <summary>The header of catalog.yaml.</summary>
internal readonly record struct CatalogHeader(string Id, string Version, DateOnly Date, LocalizedText Title, LocalizedText Description);

/// <summary>The header of an overlay file.</summary>
internal sealed record OverlayHeader(string Id, string Country, string Base, string BaseVersion, string Version, DateOnly Date, LocalizedText Title, SourceRef At);

/// <summary>Everything read so far, the id registry, and the references still to check.</summary>
internal sealed class CatalogParts(ErrorSink errors)
{
    private readonly Dictionary<string, (string Kind, SourceRef At)> _ids = new(StringComparer.Ordinal);
    private readonly List<(string Kind, string Id, SourceRef At, string Context)> _references = [];
    private readonly Dictionary<string, SourceRef> _provisionAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceRef> _questionAt = new(StringComparer.Ordinal);

    public List<NamedItem> Frameworks { get; } = [];
    public List<NamedItem> Themes { get; } = [];
    public List<NamedItem> Scopes { get; } = [];
    public List<MaturityLevel> Scale { get; } = [];
    public List<NamedItem> EntityTypes { get; } = [];
    public List<NamedItem> Partners { get; } = [];
    public List<NamedItem> Horizons { get; } = [];
    public List<Sector> Sectors { get; } = [];
    public List<Instrument> Instruments { get; } = [];
    public List<Question> Questions { get; } = [];
    public List<RecommendationTemplate> Templates { get; } = [];

    /// <summary>Starts an overlay from its parent: everything the parent has is known and valid already.</summary>
    public static CatalogParts From(CatalogDefinition parent, ErrorSink errors)
    {
        var parts = new CatalogParts(errors);
        var here = new SourceRef("(base)", 0, 0);
        void Known(string kind, IEnumerable<string> ids)
        {
            foreach (var id in ids)
            {
                parts._ids[id] = (kind, here);
            }
        }

        parts.Frameworks.AddRange(parent.Frameworks);
        parts.Themes.AddRange(parent.Themes);
        parts.Scopes.AddRange(parent.Scopes);
        parts.Scale.AddRange(parent.MaturityScale);
        parts.EntityTypes.AddRange(parent.EntityTypes);
        parts.Partners.AddRange(parent.Partners);
        parts.Horizons.AddRange(parent.Horizons);
        parts.Sectors.AddRange(parent.Sectors);
        parts.Instruments.AddRange(parent.Instruments);
        parts.Questions.AddRange(parent.Questions);
        parts.Templates.AddRange(parent.Templates);
        Known("framework", parent.Frameworks.Select(x => x.Id));
        Known("theme", parent.Themes.Select(x => x.Id));
        Known("scope", parent.Scopes.Select(x => x.Id));
        Known("entity type", parent.EntityTypes.Select(x => x.Id));
        Known("partner", parent.Partners.Select(x => x.Id));
        Known("horizon", parent.Horizons.Select(x => x.Id));
        Known("sector", parent.Sectors.SelectMany(s => s.Subsectors.Select(x => x.Id).Prepend(s.Id)));
        Known("instrument", parent.Instruments.Select(x => x.Id));
        Known("provision", parent.Provisions.Select(x => x.Id));
        Known("question", parent.Questions.Select(x => x.Id));
        Known("template", parent.Templates.Select(x => x.Id));
        return parts;
    }

    private bool Register(string kind, string? id, MapReader reader)
    {
        if (id is null)
        {
            return false;
        }

        var at = reader.At("id");
        reader.Named($"{kind} {id}");
        if (!CatalogLoader.IsId(id))
        {
            errors.Add(at, $"{kind} id '{id}' is not valid; use lower-case letters, digits and single dashes (e.g. leg-crim-01)");
            return false;
        }

        if (_ids.TryGetValue(id, out var first))
        {
            var where = first.At.Line > 0 ? $" at {first.At.File}:{first.At.Line}:{first.At.Column}" : " in the base catalog";
            errors.Add(at, $"duplicate id '{id}': already used by a {first.Kind}{where}; ids are unique across the whole catalog");
            return false;
        }

        _ids[id] = (kind, at);
        return true;
    }

    private void Refer(string kind, string? id, SourceRef at, string context)
    {
        if (id is not null)
        {
            _references.Add((kind, id, at, context));
        }
    }

    public CatalogHeader? ReadHeader(MapReader r)
    {
        var id = r.String("id");
        var version = r.String("version");
        var date = r.Date("date");
        var title = r.Text("title");
        var description = r.Text("description");
        ReadNamed(r, "frameworks", "framework", Frameworks, withDescription: true);
        ReadNamed(r, "themes", "theme", Themes, withDescription: true);
        ReadNamed(r, "scopes", "scope", Scopes, withDescription: false);
        foreach (var item in r.Items("maturity-scale", "maturity level"))
        {
            var level = item.Int("level", 0, 4);
            var name = item.Text("name");
            var descriptor = item.Text("descriptor");
            item.RejectUnknownKeys();
            if (level is { } l && name is not null && descriptor is not null)
            {
                Scale.Add(new MaturityLevel(l, name, descriptor));
            }
        }

        CheckScale(Scale.Select(s => s.Level).ToList(), r.At("maturity-scale"), "maturity-scale");
        ReadNamed(r, "entity-types", "entity type", EntityTypes, withDescription: false);
        ReadNamed(r, "partners", "partner", Partners, withDescription: false);
        ReadNamed(r, "horizons", "horizon", Horizons, withDescription: false);
        if (id is not null && !CatalogLoader.IsId(id))
        {
            errors.Add(r.At("id"), $"catalog id '{id}' is not valid; use lower-case letters, digits and single dashes");
        }

        return id is null || version is null || date is null || title is null || description is null
            ? null
            : new CatalogHeader(id, version, date.Value, title, description);
    }

    private void ReadNamed(MapReader r, string key, string kind, List<NamedItem> into, bool withDescription)
    {
        foreach (var item in r.Items(key, kind))
        {
            var id = item.String("id");
            var name = item.Text("name");
            var description = withDescription ? item.Text("description", required: false) : null;
            item.RejectUnknownKeys();
            if (Register(kind, id, item) && name is not null)
            {
                into.Add(new NamedItem(id!, name, description));
            }
        }
    }

    public void ReadSector(MapReader r, string origin)
    {
        var id = r.String("id");
        var kind = r.Choice("kind", CatalogLoader.SectorKinds);
        var source = r.String("source");
        var name = r.Text("name");
        var subsectors = new List<Subsector>();
        var ok = Register("sector", id, r);
        foreach (var sub in r.Items("subsectors", "subsector", required: false))
        {
            var subId = sub.String("id");
            var subName = sub.Text("name");
            sub.RejectUnknownKeys();
            if (Register("sector", subId, sub) && subName is not null)
            {
                subsectors.Add(new Subsector(subId!, subName));
            }
        }

        r.RejectUnknownKeys();
        if (ok && kind is not null && source is not null && name is not null)
        {
            Sectors.Add(new Sector(id!, kind, source, name, subsectors, origin));
        }
    }

    public void ReadInstrument(MapReader r)
    {
        var id = r.String("id");
        var ok = Register("instrument", id, r);
        var symbol = r.Phrase("symbol");
        var kind = r.Choice("kind", CatalogLoader.InstrumentKinds);
        var adopted = r.Date("adopted");
        var binding = r.Bool("binding");
        var title = r.Text("title");
        var provisions = new List<Provision>();
        foreach (var p in r.Items("provisions", "provision"))
        {
            var pid = p.String("id");
            var pok = Register("provision", pid, p);
            var reference = p.Phrase("ref");
            var verification = p.Choice("verification", ["confirmed", "to-verify"]);
            var note = p.Text("verification-note", required: false);
            var paraphrase = p.Text("paraphrase");
            var themes = p.Ids("themes");
            var scope = p.String("scope");
            p.RejectUnknownKeys();
            foreach (var (theme, at) in themes)
            {
                Refer("theme", theme, at, $"provision {pid}");
            }

            Refer("scope", scope, p.At("scope"), $"provision {pid}");
            if (verification == "to-verify" && note is null && p.String("verification-note", required: false) is null)
            {
                errors.Add(p.At("verification"), $"provision {pid}: a provision to verify needs a 'verification-note' saying what to check and where");
            }

            if (themes.Count == 0)
            {
                errors.Add(p.At("themes"), $"provision {pid}: list at least one theme");
            }

            if (pok && id is not null && reference is not null && verification is not null && paraphrase is not null && scope is not null)
            {
                _provisionAt[pid!] = p.At("id");
                provisions.Add(new Provision(pid!, id, reference.Value.En, verification == "confirmed" ? Verification.Confirmed : Verification.ToVerify, note, paraphrase, [.. themes.Select(t => t.Id)], scope,
                    reference.Value.Fr));
            }
        }

        r.RejectUnknownKeys();
        if (ok && symbol is not null && kind is not null && adopted is not null && binding is not null && title is not null)
        {
            Instruments.Add(new Instrument(id!, symbol.Value.En, kind, adopted.Value, binding.Value, title, provisions, symbol.Value.Fr));
        }
    }

    public void ReadQuestion(MapReader r, string origin)
    {
        var id = r.String("id");
        var ok = Register("question", id, r);
        var framework = r.String("framework");
        var theme = r.String("theme");
        var scope = r.String("scope");
        var sectors = r.Ids("sectors", required: false);
        var provisions = r.Ids("provisions");
        var weight = r.Int("weight", 1, 3);
        var target = r.Int("target", 1, 4, required: false);
        var text = r.Text("text");
        var levels = new List<MaturityLevel>();
        foreach (var item in r.Items("levels", "level"))
        {
            var level = item.Int("level", 0, 4);
            var descriptor = item.Text("descriptor");
            item.RejectUnknownKeys();
            if (level is { } l && descriptor is not null)
            {
                levels.Add(new MaturityLevel(l, Scale.FirstOrDefault(s => s.Level == l)?.Name ?? LocalizedText.Of(l.ToString(System.Globalization.CultureInfo.InvariantCulture), l.ToString(System.Globalization.CultureInfo.InvariantCulture)), descriptor));
            }
        }

        CheckScale([.. levels.Select(l => l.Level)], r.At("levels"), $"question {id}: levels");
        var guidance = r.Text("guidance");
        var evidence = r.Text("evidence");
        var entityTypes = r.Ids("entity-types");
        r.RejectUnknownKeys();
        var context = $"question {id}";
        Refer("framework", framework, r.At("framework"), context);
        Refer("theme", theme, r.At("theme"), context);
        Refer("scope", scope, r.At("scope"), context);
        foreach (var (sector, at) in sectors)
        {
            Refer("sector", sector, at, context);
        }

        foreach (var (provision, at) in provisions)
        {
            Refer("provision", provision, at, context);
        }

        foreach (var (type, at) in entityTypes)
        {
            Refer("entity type", type, at, context);
        }

        if (id is not null && provisions.Count == 0 && r.Ids("provisions", required: false).Count == 0)
        {
            errors.Add(r.At("provisions"), $"question {id}: link it to at least one provision; every question must trace back to the normative basis");
        }

        if (ok && framework is not null && theme is not null && scope is not null && weight is not null && text is not null && guidance is not null && evidence is not null)
        {
            _questionAt[id!] = r.At("id");
            Questions.Add(new Question(id!, framework, theme, scope, [.. sectors.Select(s => s.Id)], [.. provisions.Select(p => p.Id)], weight.Value, text,
                [.. levels.OrderBy(l => l.Level)], guidance, evidence, [.. entityTypes.Select(e => e.Id)], origin, null, target));
        }
    }

    public void ReadTemplate(MapReader r, string origin)
    {
        var id = r.String("id");
        var ok = Register("template", id, r);
        var question = r.String("question");
        var band = r.Choice("band", CatalogLoader.Bands);
        var title = r.Text("title");
        var action = r.Text("action");
        var lead = r.String("lead-entity-type");
        var horizon = r.String("horizon");
        var assistance = new List<Assistance>();
        foreach (var item in r.Items("assistance", "assistance", required: false))
        {
            var partner = item.String("partner");
            var module = item.Text("module");
            item.RejectUnknownKeys();
            Refer("partner", partner, item.At("partner"), $"template {id}");
            if (partner is not null && module is not null)
            {
                assistance.Add(new Assistance(partner, module));
            }
        }

        r.RejectUnknownKeys();
        var context = $"template {id}";
        Refer("question", question, r.At("question"), context);
        Refer("entity type", lead, r.At("lead-entity-type"), context);
        Refer("horizon", horizon, r.At("horizon"), context);
        if (ok && question is not null && band is not null && title is not null && action is not null && lead is not null && horizon is not null)
        {
            Templates.Add(new RecommendationTemplate(id!, question, band, title, action, lead, horizon, assistance, origin));
        }
    }

    public void ReadWeight(MapReader r)
    {
        var question = r.String("question");
        var weight = r.Int("weight", 1, 3);
        var reason = r.Text("reason");
        r.RejectUnknownKeys();
        if (question is null || weight is null || reason is null)
        {
            return;
        }

        var index = Questions.FindIndex(q => q.Id == question);
        if (index < 0)
        {
            errors.Add(r.At("question"), $"weight change: there is no question '{question}' to re-weight");
            return;
        }

        Questions[index] = Questions[index] with { Weight = weight.Value, WeightReason = reason };
    }

    public static OverlayHeader? ReadOverlayHeader(MapReader r, ErrorSink errors)
    {
        var id = r.String("id");
        var country = r.String("country");
        var baseId = r.String("base");
        var baseVersion = r.String("base-version");
        var version = r.String("version");
        var date = r.Date("date");
        var title = r.Text("title");
        r.RejectUnknownKeys();
        if (id is not null && !CatalogLoader.IsId(id))
        {
            errors.Add(r.At("id"), $"overlay id '{id}' is not valid; use lower-case letters, digits and single dashes");
            return null;
        }

        if (country is not null && !Engagements.Engagement.IsValidCountry(country))
        {
            errors.Add(r.At("country"), $"overlay {id}: country '{country}' is not an ISO 3166-1 alpha-3 code (e.g. CIV)");
        }

        return id is null || country is null || baseId is null || baseVersion is null || version is null || date is null || title is null
            ? null
            : new OverlayHeader(id, country, baseId, baseVersion, version, date.Value, title, r.At("id"));
    }

    private void CheckScale(List<int> levels, SourceRef at, string what)
    {
        var expected = new[] { 0, 1, 2, 3, 4 };
        if (!levels.Order().SequenceEqual(expected))
        {
            errors.Add(at, $"{what}: the scale must have levels 0, 1, 2, 3 and 4, once each; found [{string.Join(", ", levels)}]");
        }
    }

    /// <summary>Checks every reference, then that each provision is tested by a question and each question has templates.</summary>
    public void CheckReferencesAndCoverage()
    {
        foreach (var (kind, id, at, context) in _references)
        {
            if (!_ids.TryGetValue(id, out var target))
            {
                errors.Add(at, $"{context}: there is no {kind} '{id}'; check the spelling or define it");
            }
            else if (target.Kind != kind)
            {
                errors.Add(at, $"{context}: '{id}' is a {target.Kind}, not a {kind}");
            }
        }

        var tested = Questions.SelectMany(q => q.Provisions).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, at) in _provisionAt)
        {
            if (!tested.Contains(id))
            {
                errors.Add(at, $"provision {id}: no question tests it; add it to a question's 'provisions' or remove it");
            }
        }

        foreach (var (id, at) in _questionAt)
        {
            foreach (var band in CatalogLoader.Bands)
            {
                if (!Templates.Any(t => t.Question == id && t.Band == band))
                {
                    errors.Add(at, $"question {id}: no recommendation template for maturity band {band}; add one under recommendations/");
                }
            }
        }
    }

    public CatalogDefinition Build(CatalogHeader header) =>
        new(header.Id, header.Version, header.Date, header.Title, header.Description, null, null,
            [.. Frameworks], [.. Themes], [.. Scopes], [.. Scale.OrderBy(s => s.Level)], [.. EntityTypes], [.. Partners], [.. Horizons],
            [.. Sectors], [.. Instruments], [.. Questions], [.. Templates]);

    public CatalogDefinition Build(CatalogDefinition shape) =>
        shape with { Sectors = [.. Sectors], Questions = [.. Questions], Templates = [.. Templates] };
}
