# TalksBot: build with the .NET SDK, run on the ASP.NET Core runtime image (it serves the HTTP interaction endpoints).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig appsettings.json ./
COPY src/TalksBot.Core/TalksBot.Core.csproj src/TalksBot.Core/
COPY src/TalksBot.Discord/TalksBot.Discord.csproj src/TalksBot.Discord/
COPY src/TalksBot.Slack/TalksBot.Slack.csproj src/TalksBot.Slack/
COPY src/TalksBot/TalksBot.csproj src/TalksBot/
RUN dotnet restore src/TalksBot/TalksBot.csproj -r linux-x64
COPY src/ src/
COPY knowledge/ knowledge/
# linux-x64 only: without a runtime identifier the output carries every platform's native ONNX libraries.
RUN dotnet publish src/TalksBot/TalksBot.csproj -c Release -r linux-x64 --self-contained false -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
# The database lives on a volume; the seed knowledge is baked in beside the binary.
ENV Knowledge__DatabasePath=/data/talksbot.db \
    Knowledge__Directory=/app/knowledge \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/data"]
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "TalksBot.dll"]
