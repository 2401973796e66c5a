// The ceiling for bench/dashboard.sh: an ASP.NET Core app with nothing in it but one endpoint returning a constant.
// It starts, serves and answers as fast as this machine allows a Kestrel app to; Rempart is measured beside it.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/", () => "ok");
app.Run();
