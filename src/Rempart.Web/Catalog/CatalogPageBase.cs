using System.Globalization;
using Microsoft.AspNetCore.Components;
using Rempart.Core.Catalog;

namespace Rempart.Web.Catalog;

/// <summary>What every catalog page shares: the version it shows and the reader's language.</summary>
public abstract class CatalogPageBase : ComponentBase
{
    [Inject]
    protected CatalogService Catalogs { get; set; } = default!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = default!;

    protected CatalogDefinition? Catalog { get; set; }

    protected static string Lang => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    protected static string L(LocalizedText? text) => text?.Get(Lang) ?? "";

    /// <summary>Loads the version; an unknown one renders the not-found page.</summary>
    protected async Task<bool> LoadAsync(string? key)
    {
        var resolved = key ?? (await Catalogs.LatestAsync())?.Key;
        Catalog = resolved is null ? null : await Catalogs.FindAsync(resolved);
        if (Catalog is null && key is not null)
        {
            Navigation.NotFound();
        }

        return Catalog is not null;
    }

    protected string Url(string path) => $"/catalog/{Uri.EscapeDataString(Catalog!.Key)}/{path}";

    protected string InstrumentSymbol(string instrumentId) => L(Catalog!.Instruments.Single(i => i.Id == instrumentId).Symbols);

    /// <summary>A provision's citation in the page's language.</summary>
    protected string Cite(Provision provision) => Catalog!.Cite(provision.Id, Lang);
}
