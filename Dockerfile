# TalksBot: build with the .NET SDK, run on the smaller runtime image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig appsettings.json ./
COPY src/TalksBot.Core/TalksBot.Core.csproj src/TalksBot.Core/
COPY src/TalksBot/TalksBot.csproj src/TalksBot/
RUN dotnet restore src/TalksBot/TalksBot.csproj
COPY src/ src/
COPY knowledge/ knowledge/
RUN dotnet publish src/TalksBot/TalksBot.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
# The database lives on a volume; the seed knowledge is baked in beside the binary.
ENV Knowledge__DatabasePath=/data/talksbot.db \
    Knowledge__Directory=/app/knowledge \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
VOLUME ["/data"]
USER $APP_UID
ENTRYPOINT ["dotnet", "TalksBot.dll"]
