using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rempart.Core.Catalog;

/// <summary>
/// The stored catalog's reader, generated at build time: a command that reads one catalog (a site import, an export)
/// does not build the serializer's view of some twenty record types by reflection at every start. The options are
/// those the catalog is written with (<see cref="JsonSerializerDefaults.Web"/>).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CatalogDefinition))]
internal sealed partial class CatalogJson : JsonSerializerContext;
