// The Vizier emulator's entry point; the server itself is being written.
var app = WebApplication.CreateBuilder(args).Build();
app.Run();
