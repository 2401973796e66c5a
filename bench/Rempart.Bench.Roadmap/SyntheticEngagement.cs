using System.Globalization;
using Rempart.Core.Catalog;
using Rempart.Core.Data;
using Rempart.Core.Roadmaps;
using Rempart.Core.Scoring;

namespace Rempart.Bench.Roadmap;

/// <summary>A national entity as the roadmap's annex and plan table read it.</summary>
internal sealed record BenchEntity(string Acronym, string NameEn, string NameFr, string Kind)
{
    public string NameIn(string language) => language == "fr" ? NameFr : NameEn;
}

/// <summary>A consultation event, as the methodology lists it.</summary>
internal sealed record BenchEvent(string TitleEn, string TitleFr, string Place, DateOnly StartDate, DateOnly EndDate);

/// <summary>
/// A synthetic but realistic engagement, built deterministically from a seed: a catalog of 150 bilingual questions
/// (4 frameworks x 10 themes, five level descriptors each, provisions of five instruments), 12 national entities, national
/// answers that leave needs, strengths and priorities, and a plan of 300 bilingual recommendations with lead and supporting
/// entities, assistance, costs, indicators, milestones and findings. This is the data the roadmap is rendered from; in the
/// product it comes from the database, here it is made once before anything is timed.
/// </summary>
internal sealed class SyntheticEngagement
{
    public const string Code = "XMP-2025";

    public string TitleEn { get; } = "Republic of Examplia — assessment of the protection of vulnerable targets 2025";

    public string TitleFr { get; } = "République d'Examplia — évaluation de la protection des cibles vulnérables 2025";

    public string ProgrammeEn { get; } = "Global Programme on the Protection of Vulnerable Targets against Terrorist Attacks";

    public string ProgrammeFr { get; } = "Programme mondial de protection des cibles vulnérables contre les attaques terroristes";

    public DateOnly PeriodStart { get; } = new(2025, 2, 3);

    public DateOnly Date { get; } = new(2025, 11, 14);

    public string ConsolidationRule { get; } = "Median";

    public int Participants { get; } = 87;

    public int ShortMonths { get; } = 12;

    public int MediumMonths { get; } = 36;

    public string Classification { get; } = "TLP:AMBER";

    public RoadmapState State { get; } = RoadmapState.Validated;

    public int Edition { get; } = 1;

    public int Revision { get; } = 7;

    public required CatalogDefinition Catalog { get; init; }

    public required ScoringInput Scoring { get; init; }

    public required IReadOnlyList<BenchEntity> Entities { get; init; }

    public required BenchEntity Coordinating { get; init; }

    public required IReadOnlyList<BenchEvent> Events { get; init; }

    public required IReadOnlyList<RecommendationView> Recommendations { get; init; }

    public string TitleIn(string language) => language == "fr" ? TitleFr : TitleEn;

    private static readonly (string Id, string En, string Fr)[] Frameworks =
    [
        ("institutional", "Institutional", "Institutionnel"),
        ("legislative", "Legislative", "Législatif"),
        ("regulatory", "Regulatory", "Réglementaire"),
        ("operational", "Operational", "Opérationnel"),
    ];

    /// <summary>Theme: id, names, the topic questions ask about, and what recommendations act on.</summary>
    private static readonly (string Id, string En, string Fr, string TopicEn, string TopicFr, (string En, string Fr)[] Objects)[] Themes =
    [
        ("strategy", "Strategy and planning", "Stratégie et planification", "the national plan for protecting vulnerable targets", "le plan national de protection des cibles vulnérables",
            [("the national plan of action on vulnerable targets", "le plan d'action national sur les cibles vulnérables"), ("the sector protection strategy", "la stratégie sectorielle de protection"), ("the list of national protection priorities", "la liste des priorités nationales de protection")]),
        ("coordination", "Coordination", "Coordination", "inter-agency coordination on protection", "la coordination interinstitutionnelle en matière de protection",
            [("the national coordination mechanism", "le mécanisme national de coordination"), ("the network of security focal points", "le réseau de points focaux sûreté"), ("joint working procedures between agencies", "les procédures de travail conjointes entre agences")]),
        ("risk", "Risk assessment", "Évaluation des risques", "the national risk assessment of critical sites", "l'évaluation nationale des risques des sites critiques",
            [("the national risk assessment methodology", "la méthodologie nationale d'évaluation des risques"), ("the criteria for designating critical sites", "les critères de désignation des sites critiques"), ("the register of interdependencies", "le registre des interdépendances")]),
        ("information", "Information sharing", "Partage d'informations", "the sharing of threat information with operators", "le partage d'informations sur la menace avec les opérateurs",
            [("the secure channel for threat information", "le canal sécurisé d'information sur la menace"), ("the rules on classifying and sharing information", "les règles de classification et de diffusion de l'information"), ("alerts to operators and site managers", "les alertes aux opérateurs et gestionnaires de sites")]),
        ("protective", "Protective security", "Sûreté et protection physique", "protective security measures at designated sites", "les mesures de sûreté sur les sites désignés",
            [("the minimum protective security standards", "les normes minimales de sûreté"), ("site protection plans", "les plans de protection des sites"), ("access control and screening", "le contrôle d'accès et le filtrage")]),
        ("partnership", "Public-private partnership", "Partenariat public-privé", "cooperation with private owners and operators", "la coopération avec les propriétaires et exploitants privés",
            [("the public-private security partnership", "le partenariat public-privé de sûreté"), ("the operators' consultation forum", "le forum de consultation des opérateurs"), ("guidance for private security providers", "les orientations pour les prestataires de sécurité privée")]),
        ("preparedness", "Preparedness and response", "Préparation et réponse", "emergency plans and exercises for attacks on critical sites", "les plans d'urgence et les exercices en cas d'attaque contre des sites critiques",
            [("the national emergency response plan", "le plan national de réponse d'urgence"), ("the programme of multi-agency exercises", "le programme d'exercices interinstitutionnels"), ("business continuity plans of operators", "les plans de continuité d'activité des opérateurs")]),
        ("soft-targets", "Soft targets", "Cibles faciles", "the protection of crowded public places", "la protection des lieux publics fréquentés",
            [("the protection of crowded places", "la protection des lieux fréquentés"), ("security plans for major events", "les plans de sûreté des grands événements"), ("awareness campaigns for the public", "les campagnes de sensibilisation du public")]),
        ("capacity", "Capacity building", "Renforcement des capacités", "training of security and site staff", "la formation du personnel de sécurité et des sites",
            [("the national training curriculum", "le programme national de formation"), ("the pool of certified trainers", "le vivier de formateurs certifiés"), ("specialised units' equipment", "l'équipement des unités spécialisées")]),
        ("oversight", "Oversight and review", "Contrôle et évaluation", "inspection, audit and review of protection measures", "l'inspection, l'audit et l'évaluation des mesures de protection",
            [("the inspection regime for designated sites", "le régime d'inspection des sites désignés"), ("the periodic review of the plan", "l'examen périodique du plan"), ("parliamentary and independent oversight", "le contrôle parlementaire et indépendant")]),
    ];

    private static readonly (string En, string Fr)[] Stems =
    [
        ("Is there a written text, adopted at the appropriate level, governing {0}, with named responsibilities, dedicated staff and a budget line?",
            "Existe-t-il un texte écrit, adopté au niveau approprié, encadrant {0}, avec des responsabilités désignées, du personnel dédié et une ligne budgétaire ?"),
        ("Are the roles of ministries, agencies and operators in {0} defined, known to each of them and applied in practice across the sectors concerned?",
            "Les rôles des ministères, des agences et des opérateurs dans {0} sont-ils définis, connus de chacun et appliqués en pratique dans les secteurs concernés ?"),
        ("Is there a review of {0} at least once a year, with lessons from incidents and exercises recorded and acted upon?",
            "Un examen portant sur {0} a-t-il lieu au moins une fois par an, avec des enseignements tirés des incidents et des exercices consignés et suivis d'effet ?"),
        ("Do the competent authorities have the staff, skills and tools needed for {0}, assessed against a written standard?",
            "Les autorités compétentes disposent-elles du personnel, des compétences et des outils nécessaires pour {0}, évalués au regard d'une norme écrite ?"),
        ("Are the owners and operators of designated sites informed of their obligations regarding {0}, and do they report on them?",
            "Les propriétaires et exploitants des sites désignés sont-ils informés de leurs obligations concernant {0}, et en rendent-ils compte ?"),
    ];

    private static readonly (string En, string Fr)[] LevelNames =
    [
        ("Absent", "Absent"), ("Initial", "Initial"), ("Developing", "En développement"), ("Established", "Établi"), ("Advanced", "Avancé"),
    ];

    private static readonly (string En, string Fr)[] Descriptors =
    [
        ("Nothing exists regarding {0} and nothing is being prepared; each body acts alone when an incident occurs.",
            "Rien n'existe concernant {0} et rien n'est en préparation ; chaque organisme agit seul lorsqu'un incident survient."),
        ("Practices exist regarding {0}, but informally, without a written basis, dedicated staff or resources.",
            "Des pratiques existent concernant {0}, mais de manière informelle, sans base écrite, ni personnel, ni moyens dédiés."),
        ("A text on {0} is in draft, or one exists but covers only part of the scope, without staff, budget or follow-up.",
            "Un texte portant sur {0} est en projet, ou il existe mais ne couvre qu'une partie du champ, sans personnel, budget ni suivi."),
        ("A text on {0} is adopted and applied across the whole scope, with named leads, dedicated staff and a budget line.",
            "Un texte portant sur {0} est adopté et appliqué sur l'ensemble du champ, avec des chefs de file désignés, du personnel dédié et une ligne budgétaire."),
        ("The arrangements for {0} are tested in exercises, reviewed on schedule and improved from lessons learnt, with results reported to the highest level.",
            "Le dispositif concernant {0} est éprouvé par des exercices, revu selon le calendrier prévu et amélioré à partir des enseignements, avec un compte rendu au plus haut niveau."),
    ];

    /// <summary>Sector: id, kind, name in each language, and the French complement used in "le secteur ...".</summary>
    private static readonly (string Id, string Kind, string En, string NameFr, string Fr)[] Sectors =
    [
        ("energy", "critical-infrastructure", "energy", "Énergie", "de l'énergie"), ("transport", "critical-infrastructure", "transport", "Transports", "des transports"),
        ("water", "critical-infrastructure", "water", "Eau", "de l'eau"), ("health", "critical-infrastructure", "health", "Santé", "de la santé"),
        ("telecom", "critical-infrastructure", "telecommunications", "Télécommunications", "des télécommunications"), ("finance", "critical-infrastructure", "finance", "Finance", "de la finance"),
        ("tourism", "soft-target", "tourism and hotels", "Tourisme et hôtellerie", "du tourisme et de l'hôtellerie"), ("worship", "soft-target", "places of worship", "Lieux de culte", "des lieux de culte"),
        ("stadiums", "soft-target", "stadiums and events", "Stades et événements", "des stades et événements"), ("markets", "soft-target", "markets and shopping centres", "Marchés et centres commerciaux", "des marchés et centres commerciaux"),
    ];

    private static readonly (string En, string Fr)[] Verbs =
    [
        ("Adopt", "Adopter"), ("Draft and adopt", "Élaborer et adopter"), ("Establish", "Mettre en place"), ("Strengthen", "Renforcer"),
        ("Update and test", "Mettre à jour et tester"), ("Extend", "Étendre"), ("Fund", "Financer"), ("Evaluate and improve", "Évaluer et améliorer"),
    ];

    /// <summary>Action sentences: {0} is the lead's acronym, {1} the sector.</summary>
    private static readonly (string En, string Fr)[] Actions =
    [
        ("{0} drafts the text with the supporting entities within six months, drawing on the assessment's findings and on the partners' model provisions.",
            "{0} élabore le texte avec les entités d'appui dans un délai de six mois, en s'appuyant sur les constats de l'évaluation et sur les dispositions types des partenaires."),
        ("The draft is validated in a national workshop bringing together ministries, regulators, operators and civil society before adoption.",
            "Le projet est validé lors d'un atelier national réunissant ministères, régulateurs, opérateurs et société civile avant son adoption."),
        ("Each designated site in the {1} sector names a security focal point and shares its protection plan with the coordinating authority.",
            "Chaque site désigné du secteur {1} nomme un point focal sûreté et communique son plan de protection à l'autorité de coordination."),
        ("A tabletop exercise, then a full-scale exercise, test the arrangements; lessons learnt are recorded and followed up within three months.",
            "Un exercice sur table, puis un exercice grandeur nature, éprouvent le dispositif ; les enseignements sont consignés et suivis dans les trois mois."),
        ("Staff of the lead and supporting entities are trained with the partners' modules, and trainers are certified so that training continues without outside help.",
            "Le personnel des entités chef de file et d'appui est formé à l'aide des modules des partenaires, et des formateurs sont certifiés afin que la formation se poursuive sans appui extérieur."),
        ("A budget line is opened in the next finance law, and the indicative cost is refined with the partners before the mid-term review.",
            "Une ligne budgétaire est ouverte dans la prochaine loi de finances, et le coût indicatif est affiné avec les partenaires avant la revue à mi-parcours."),
        ("Information is exchanged through a secure channel, under classification (TLP) and distribution rules agreed in writing.",
            "Les informations sont échangées par un canal sécurisé, selon des règles de classification (TLP) et de diffusion convenues par écrit."),
        ("Owners and operators are consulted on the measures and their cost, and a guide explains their obligations in plain language.",
            "Les propriétaires et exploitants sont consultés sur les mesures et leur coût, et un guide explique leurs obligations en termes simples."),
        ("Human rights, gender and the needs of persons with disabilities are taken into account when designing measures for public places.",
            "Les droits de l'homme, le genre et les besoins des personnes handicapées sont pris en compte dans la conception des mesures pour les lieux publics."),
        ("The coordinating authority reports progress twice a year to the national security council, with the indicators below.",
            "L'autorité de coordination rend compte des progrès deux fois par an au conseil national de sécurité, à l'aide des indicateurs ci-dessous."),
        ("Inspections of designated sites follow a written checklist; findings are shared with the operator and checked again at the next visit.",
            "Les inspections des sites désignés suivent une liste de contrôle écrite ; les constats sont communiqués à l'exploitant et vérifiés lors de la visite suivante."),
        ("A register of designated sites in the {1} sector is kept up to date, with the criteria used and the date of the last risk assessment.",
            "Un registre des sites désignés du secteur {1} est tenu à jour, avec les critères retenus et la date de la dernière évaluation des risques."),
    ];

    private static readonly (string Partner, string En, string Fr)[] Assistance =
    [
        ("unoct", "Global Vulnerable Targets Programme: support to drafting the national plan of action", "Programme mondial sur les cibles vulnérables : appui à l'élaboration du plan d'action national"),
        ("cted", "Legislative and policy advice on resolutions 2341 (2017) and 2396 (2017)", "Conseils législatifs et stratégiques sur les résolutions 2341 (2017) et 2396 (2017)"),
        ("unodc", "Training of investigators and prosecutors on attacks against critical infrastructure", "Formation des enquêteurs et procureurs aux attaques contre les infrastructures critiques"),
        ("interpol", "Access to alerts and databases for the protection of major events", "Accès aux notices et bases de données pour la protection des grands événements"),
        ("undp", "Support to inclusive community engagement around public places", "Appui à l'engagement communautaire inclusif autour des lieux publics"),
        ("unicri", "Protection of public spaces: site assessment and training of trainers", "Protection des espaces publics : évaluation des sites et formation de formateurs"),
    ];

    private static readonly BenchEntity[] EntityList =
    [
        new("CNS", "National Security Council secretariat", "Secrétariat du Conseil national de sécurité", "Coordination"),
        new("MIS", "Ministry of the Interior and Security", "Ministère de l'Intérieur et de la Sécurité", "Ministry"),
        new("MDEF", "Ministry of Defence", "Ministère de la Défense", "Ministry"),
        new("MAE", "Ministry of Foreign Affairs", "Ministère des Affaires étrangères", "Ministry"),
        new("MPE", "Ministry of Petroleum and Energy", "Ministère du Pétrole et de l'Énergie", "Ministry"),
        new("MTR", "Ministry of Transport", "Ministère des Transports", "Ministry"),
        new("MSP", "Ministry of Health and Public Hygiene", "Ministère de la Santé et de l'Hygiène publique", "Ministry"),
        new("MTL", "Ministry of Tourism and Leisure", "Ministère du Tourisme et des Loisirs", "Ministry"),
        new("ANAC", "Civil Aviation Authority", "Autorité nationale de l'aviation civile", "Regulator"),
        new("PAE", "Autonomous Port of Examplia", "Port autonome d'Examplia", "Operator"),
        new("DGPN", "Directorate-General of the National Police", "Direction générale de la Police nationale", "SecurityService"),
        new("GSPM", "Fire and Rescue Brigade", "Groupement des sapeurs-pompiers militaires", "SecurityService"),
    ];

    /// <summary>Builds the engagement; the same seed gives the same engagement, byte for byte.</summary>
    public static SyntheticEngagement Create(int seed, int questionCount = 150, int recommendationCount = 300)
    {
        // Reproducible pseudo-random data for a benchmark, not security: System.Random with a fixed seed is the point.
#pragma warning disable CA5394
        var rng = new Random(seed);
        var levels = LevelNames.Select((n, i) => new MaturityLevel(i, LocalizedText.Of(n.En, n.Fr), LocalizedText.Of(Descriptors[i].En.Replace("{0}", "the subject", StringComparison.Ordinal), Descriptors[i].Fr.Replace("{0}", "le sujet", StringComparison.Ordinal)))).ToList();
        var instruments = Instruments();
        var provisions = instruments.SelectMany(i => i.Provisions).ToList();
        var sectors = Sectors.Select(s => new Sector(s.Id, s.Kind, "GVTP", LocalizedText.Of(Capital(s.En), s.NameFr), [], "base")).ToList();

        var questions = new List<Question>();
        var perCell = new Dictionary<(int, int), int>();
        for (var i = 0; i < questionCount; i++)
        {
            var f = i % Frameworks.Length;
            var t = i / Frameworks.Length % Themes.Length;
            var n = perCell[(f, t)] = perCell.GetValueOrDefault((f, t)) + 1;
            var theme = Themes[t];
            var stem = Stems[((i * 7) + t) % Stems.Length];
            var id = $"{Frameworks[f].Id[..3]}-{theme.Id[..Math.Min(5, theme.Id.Length)]}-{n:00}";
            var text = LocalizedText.Of(string.Format(CultureInfo.InvariantCulture, stem.En, theme.TopicEn), Capital(string.Format(CultureInfo.InvariantCulture, stem.Fr, theme.TopicFr)));
            var questionLevels = Descriptors.Select((d, l) => new MaturityLevel(l, levels[l].Name,
                LocalizedText.Of(Capital(string.Format(CultureInfo.InvariantCulture, d.En, theme.TopicEn)), Capital(string.Format(CultureInfo.InvariantCulture, d.Fr, theme.TopicFr))))).ToList();
            var questionProvisions = Enumerable.Range(0, 1 + rng.Next(4)).Select(_ => provisions[rng.Next(provisions.Count)].Id).Distinct(StringComparer.Ordinal).ToList();
            var questionSectors = rng.Next(3) == 0 ? [Sectors[rng.Next(Sectors.Length)].Id] : new List<string>();
            questions.Add(new Question(id, Frameworks[f].Id, theme.Id, "both", questionSectors, questionProvisions, 1 + rng.Next(3), text, questionLevels,
                LocalizedText.Of($"Ask each entity present who is responsible for {theme.TopicEn}, and compare the answers; differences show that the arrangements are not yet clear.",
                    $"Demander à chaque entité présente qui est responsable de {theme.TopicFr}, et comparer les réponses ; des divergences montrent que le dispositif n'est pas encore clair."),
                LocalizedText.Of("Adopted text (decree, order, circular); organisation chart and staffing; budget line; minutes of the last review.",
                    "Texte adopté (décret, arrêté, circulaire) ; organigramme et effectifs ; ligne budgétaire ; procès-verbal du dernier examen."),
                [], "base", null, rng.Next(20) == 0 ? 4 : null));
        }

        var catalog = new CatalogDefinition("gvtp-bench", "2025.1", new DateOnly(2025, 1, 15),
            LocalizedText.Of("Vulnerable targets assessment catalog (benchmark)", "Catalogue d'évaluation des cibles vulnérables (banc d'essai)"),
            LocalizedText.Of("Synthetic catalog for issue #7's benchmark.", "Catalogue synthétique pour le banc d'essai de l'issue #7."), null, null,
            [.. Frameworks.Select(f => new NamedItem(f.Id, LocalizedText.Of(f.En, f.Fr), null))],
            [.. Themes.Select(t => new NamedItem(t.Id, LocalizedText.Of(t.En, t.Fr), null))],
            [new NamedItem("both", LocalizedText.Of("Both", "Les deux"), null)], levels, [], [.. Assistance.Select(a => new NamedItem(a.Partner, LocalizedText.Of(a.Partner.ToUpperInvariant(), a.Partner.ToUpperInvariant()), null))],
            [new NamedItem("short", LocalizedText.Of("Short", "Court"), null), new NamedItem("medium", LocalizedText.Of("Medium", "Moyen"), null), new NamedItem("long", LocalizedText.Of("Long", "Long"), null)],
            sectors, instruments, questions, []);

        // National answers: mostly below the target of 3, a few strengths, some N/A, a few undecided.
        int[] distribution = [15, 30, 30, 18, 7];
        var national = new Dictionary<string, NationalAnswer>(StringComparer.Ordinal);
        foreach (var q in questions)
        {
            var r = rng.Next(100);
            if (r < 2)
            {
                continue;
            }

            if (r < 5)
            {
                national[q.Id] = new NationalAnswer(null, true, false, 0);
                continue;
            }

            var pick = rng.Next(100);
            var level = 0;
            while (pick >= distribution[level])
            {
                pick -= distribution[level];
                level++;
            }

            national[q.Id] = new NationalAnswer(level, false, rng.Next(10) < 7, rng.Next(10) switch { < 5 => 0, < 8 => 1, < 9 => 2, _ => 3 });
        }

        var voiced = questions.OrderBy(_ => rng.Next()).Take(15).Select(q => q.Id).ToHashSet(StringComparer.Ordinal);
        var entityLevels = EntityList.Select(e =>
        {
            var assigned = questions.Where(_ => rng.Next(100) < 22).Select(q => q.Id).ToList();
            var given = assigned.Where(q => national.GetValueOrDefault(q) is { Level: not null } && rng.Next(10) < 8)
                .ToDictionary(q => q, q => Math.Clamp(national[q].Level!.Value + rng.Next(-1, 2), 0, 4), StringComparer.Ordinal);
            return new EntityLevels(e.Acronym, LocalizedText.Of(e.NameEn, e.NameFr), assigned, given);
        }).ToList();
        var priorityOverrides = new Dictionary<string, Override>(StringComparer.Ordinal);
        foreach (var q in questions.Where(q => national.GetValueOrDefault(q.Id) is { Level: < 2 }).Take(3))
        {
            priorityOverrides[q.Id] = new Override((int)PriorityBand.High, "Requested by the national security council after the 2024 incident review");
        }

        var input = new ScoringInput(catalog, national, new Dictionary<string, Override>(StringComparer.Ordinal), priorityOverrides, voiced, entityLevels);
        var card = Scorer.Score(input);

        var recommendations = Plan(rng, catalog, card, recommendationCount);
        var events = new List<BenchEvent>
        {
            new("Launch workshop and needs assessment", "Atelier de lancement et évaluation des besoins", "Port-Examplia", new DateOnly(2025, 2, 3), new DateOnly(2025, 2, 5)),
            new("Sector consultations: critical infrastructure", "Consultations sectorielles : infrastructures critiques", "Port-Examplia", new DateOnly(2025, 4, 14), new DateOnly(2025, 4, 17)),
            new("Sector consultations: soft targets and major events", "Consultations sectorielles : cibles faciles et grands événements", "Nova Ville", new DateOnly(2025, 6, 9), new DateOnly(2025, 6, 11)),
            new("National validation workshop", "Atelier national de validation", "Port-Examplia", new DateOnly(2025, 10, 20), new DateOnly(2025, 10, 21)),
        };
        return new SyntheticEngagement
        {
            Catalog = catalog,
            Scoring = input,
            Entities = [.. EntityList.OrderBy(e => e.Acronym, StringComparer.Ordinal)],
            Coordinating = EntityList[0],
            Events = events,
            Recommendations = recommendations,
        };
#pragma warning restore CA5394
    }

#pragma warning disable CA5394
    private static List<RecommendationView> Plan(Random rng, CatalogDefinition catalog, ScoreCard card, int count)
    {
        var priorities = card.Priorities;
        var en = CultureInfo.GetCultureInfo("en");
        var fr = CultureInfo.GetCultureInfo("fr");
        var drafts = new List<(Recommendation Recommendation, string Lead, List<string> Supporting, List<string> Findings)>();
        for (var k = 0; k < count; k++)
        {
            var primary = priorities[k % priorities.Count];
            var needs = new List<ScoredQuestion> { primary };
            if (rng.Next(100) < 35)
            {
                needs.AddRange(priorities.Where(p => p.Question.Framework == primary.Question.Framework && p != primary).OrderBy(_ => rng.Next()).Take(1 + rng.Next(2)));
            }

            var theme = Themes.First(t => t.Id == primary.Question.Theme);
            var sector = Sectors[rng.Next(Sectors.Length)];
            var verb = Verbs[((primary.Level ?? 0) <= 1 ? 0 : 3) + rng.Next(5)];
            var obj = theme.Objects[rng.Next(theme.Objects.Length)];
            var lead = EntityList[rng.Next(EntityList.Length)];
            var supporting = EntityList.Where(e => e != lead).OrderBy(_ => rng.Next()).Take(1 + rng.Next(5)).Select(e => e.Acronym).OrderBy(a => a, StringComparer.Ordinal).ToList();
            var actions = new List<int> { 0 };
            while (actions.Count < 3 + rng.Next(2))
            {
                var a = 1 + rng.Next(Actions.Length - 1);
                if (!actions.Contains(a))
                {
                    actions.Add(a);
                }
            }

            string Text(Func<(string En, string Fr), string> pick, string sectorName) =>
                string.Join(" ", actions.Select(a => string.Format(CultureInfo.InvariantCulture, pick(Actions[a]), lead.Acronym, sectorName)));
            var findings = Enumerable.Range(0, rng.Next(4)).Select(_ => $"F-{1 + rng.Next(61):000}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var questionProvisions = needs.SelectMany(n => n.Question.Provisions).Distinct(StringComparer.Ordinal).ToList();
            string Rationale(CultureInfo culture) => CoreMessages.Format("Roadmap.Rationale", culture,
                string.Join("; ", needs.Select(n => CoreMessages.Format("Roadmap.RationaleItem", culture, n.Question.Id, n.Level!.Value, n.Target, n.Gap!.Value))),
                findings.Count == 0 ? CoreMessages.Format("Roadmap.NoFinding", culture) : string.Join(", ", findings),
                string.Join(", ", questionProvisions.Select(p => catalog.Provisions.FirstOrDefault(x => x.Id == p) is { } prov ? $"{catalog.Instruments.First(i => i.Id == prov.InstrumentId).Symbol} {prov.Ref}" : p)));
            var band = needs.Max(n => n.Band) ?? PriorityBand.Low;
            var horizon = band == PriorityBand.High && (primary.Level ?? 0) <= 1 ? "short" : rng.Next(3) switch { 0 => "short", 1 => "medium", _ => "long" };
            var months = horizon == "short" ? 12 : horizon == "medium" ? 36 : 60;
            var cost = RoadmapGenerator.IndicativeCost[horizon];
            var scale = (decimal)Math.Min(3, needs.Count);
            var recommendation = new Recommendation
            {
                Framework = primary.Question.Framework,
                Theme = primary.Question.Theme,
                TitleEn = $"{verb.En} {obj.En} in the {sector.En} sector",
                TitleFr = $"{verb.Fr} {obj.Fr} dans le secteur {sector.Fr}",
                TextEn = Text(x => x.En, sector.En),
                TextFr = Text(x => x.Fr, sector.Fr),
                RationaleEn = Rationale(en),
                RationaleFr = Rationale(fr),
                Questions = [.. needs.Select(n => n.Question.Id)],
                Provisions = questionProvisions,
                Priority = band,
                PriorityIndex = needs.Max(n => n.PriorityIndex),
                Horizon = horizon,
                Assistance = [.. Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => Assistance[rng.Next(Assistance.Length)]).Distinct().Select(a => new AssistanceItem(a.Partner, a.En, a.Fr))],
                CostMin = cost.Min * scale,
                CostMax = cost.Max * scale,
                Indicators =
                [
                    .. needs.Select(n => new Indicator(
                        CoreMessages.Format("Roadmap.IndicatorName", en, n.Question.Id), CoreMessages.Format("Roadmap.IndicatorName", fr, n.Question.Id),
                        LevelText(n.Question, n.Level!.Value), LevelText(n.Question, n.Target), n.Question.Evidence.En, n.Question.Evidence.Fr)),
                ],
                Milestones =
                [
                    new Milestone(CoreMessages.Format("Roadmap.MilestoneStart", en), CoreMessages.Format("Roadmap.MilestoneStart", fr), 3),
                    new Milestone(CoreMessages.Format("Roadmap.MilestoneHalf", en), CoreMessages.Format("Roadmap.MilestoneHalf", fr), Math.Max(6, months / 2)),
                    new Milestone(CoreMessages.Format("Roadmap.MilestoneTarget", en), CoreMessages.Format("Roadmap.MilestoneTarget", fr), months),
                ],
            };
            drafts.Add((recommendation, lead.Acronym, supporting, findings));
        }

        var frameworkOrder = catalog.Frameworks.Select(f => f.Id).ToList();
        var ordered = drafts
            .OrderBy(d => frameworkOrder.IndexOf(d.Recommendation.Framework))
            .ThenByDescending(d => d.Recommendation.Priority)
            .ThenByDescending(d => d.Recommendation.PriorityIndex)
            .ThenBy(d => d.Recommendation.Questions[0], StringComparer.Ordinal)
            .ToList();
        var views = new List<RecommendationView>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var d = ordered[i];
            d.Recommendation.Number = i + 1;
            d.Recommendation.Order = i + 1;
            views.Add(new RecommendationView(d.Recommendation, $"{Code}-R{d.Recommendation.Number:00}", d.Lead, d.Supporting, d.Findings, 0));
        }

        return views;
    }
#pragma warning restore CA5394

    private static string LevelText(Question question, int level) =>
        question.Levels.FirstOrDefault(l => l.Level == level) is { } l ? $"{level} ({l.Name.En} / {l.Name.Fr})" : level.ToString(CultureInfo.InvariantCulture);

    private static string Capital(string text) => text.Length == 0 ? text : string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1));

    private static List<Instrument> Instruments()
    {
        static List<Provision> Provisions(string instrument, string prefix, IEnumerable<int> numbers, string en, string fr) =>
            [.. numbers.Select(n => new Provision($"{instrument}-{prefix.ToLowerInvariant().TrimEnd('.', ' ')}{n:00}", instrument, $"{prefix}{n}", n % 7 == 0 ? Verification.ToVerify : Verification.Confirmed, null,
                LocalizedText.Of($"{en} (paragraph {n}), paraphrased.", $"{fr} (paragraphe {n}), paraphrasé."), [], "both"))];
        return
        [
            new("res-2341", "S/RES/2341 (2017)", "security-council-resolution", new DateOnly(2017, 2, 13), true,
                LocalizedText.Of("Security Council resolution 2341 (2017) on protecting critical infrastructure against terrorist attacks", "Résolution 2341 (2017) du Conseil de sécurité sur la protection des infrastructures critiques contre les attaques terroristes"),
                Provisions("res-2341", "OP", Enumerable.Range(1, 12), "States are encouraged to assess risks to critical infrastructure and to prepare protection measures", "Les États sont encouragés à évaluer les risques pesant sur les infrastructures critiques et à préparer des mesures de protection")),
            new("res-2396", "S/RES/2396 (2017)", "security-council-resolution", new DateOnly(2017, 12, 21), true,
                LocalizedText.Of("Security Council resolution 2396 (2017) on foreign terrorist fighters, including the protection of soft targets", "Résolution 2396 (2017) du Conseil de sécurité sur les combattants terroristes étrangers, y compris la protection des cibles faciles"),
                Provisions("res-2396", "OP", Enumerable.Range(27, 10), "States should develop and improve strategies to protect soft targets, with the private sector", "Les États devraient élaborer et améliorer des stratégies de protection des cibles faciles, avec le secteur privé")),
            new("madrid-2018", "S/2018/1177", "guiding-principles", new DateOnly(2018, 12, 28), false,
                LocalizedText.Of("Addendum to the guiding principles on foreign terrorist fighters (2018)", "Additif aux principes directeurs relatifs aux combattants terroristes étrangers (2018)"),
                Provisions("madrid-2018", "GP", Enumerable.Range(40, 13), "Guiding principle on protecting critical infrastructure and soft targets", "Principe directeur sur la protection des infrastructures critiques et des cibles faciles")),
            new("gcts", "A/RES/77/298", "general-assembly-resolution", new DateOnly(2023, 6, 22), false,
                LocalizedText.Of("The United Nations Global Counter-Terrorism Strategy: eighth review", "Stratégie antiterroriste mondiale des Nations Unies : huitième examen"),
                Provisions("gcts", "§", Enumerable.Range(1, 8), "Member States are encouraged to adopt national plans of action", "Les États Membres sont encouragés à adopter des plans d'action nationaux")),
            new("ci-compendium", "Compendium (2022)", "guidance", new DateOnly(2022, 3, 1), false,
                LocalizedText.Of("Compendium of good practices on the protection of critical infrastructure against terrorist attacks", "Recueil de bonnes pratiques sur la protection des infrastructures critiques contre les attaques terroristes"),
                Provisions("ci-compendium", "Ch.", Enumerable.Range(1, 6), "Good practice chapter", "Chapitre de bonnes pratiques")),
        ];
    }
}
