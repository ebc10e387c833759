using System.CommandLine;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Cli.Commands;

/// <summary><c>crm fit --calibration-end DATE</c>, <c>crm models list</c>, <c>crm models get ID</c>.</summary>
internal static class ModelCommands
{
    public static Command Fit()
    {
        var calibrationEnd = CliInputs.DateOption("--calibration-end", "Inclusive calibration end: purchases on that UTC day count.", required: true);
        var unit = new Option<string>("--unit")
        {
            Description = "Time unit of the summaries, parameters and horizons.",
            HelpName = "weeks|days",
            DefaultValueFactory = _ => "weeks",
        };
        unit.AcceptOnlyFromAmong("weeks", "days");
        var segment = new Option<string>("--segment") { Description = "Fit only this segment's customers." };
        var penalizer = CliInputs.NumberOption("--penalizer", "L2 penalty on the parameters (lifetimes' penalizer_coef); default 0.", "X", minimum: 0);
        var command = new Command("fit", "Fit BG/NBD and Gamma-Gamma on the book as of a calibration end, and store the fit (FitModels).")
        {
            calibrationEnd, unit, segment, penalizer,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var request = new FitModelsRequest
            {
                CalibrationEnd = p.GetRequiredValue(calibrationEnd),
                TimeUnit = p.GetValue(unit) == "days" ? TimeUnit.Days : TimeUnit.Weeks,
                Segment = p.GetValue(segment) ?? string.Empty,
                PenalizerCoef = p.GetValue(penalizer) ?? 0,
            };
            using var channel = context.OpenChannel();
            var response = await new ModelService.ModelServiceClient(channel).FitModelsAsync(request, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
            }
            else
            {
                ModelViews.PrintModel(context.Console, response.Model ?? new Model { Id = response.ModelId, BgNbd = response.BgNbd, GammaGamma = response.GammaGamma });
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Create()
    {
        var models = new Command("models", "Read stored model fits.");
        models.Add(Get());
        models.Add(List());
        return models;
    }

    private static Command Get()
    {
        var id = new Argument<string>("id") { Description = "The fit's model id." };
        var command = new Command("get", "Show one stored fit (GetModel).") { id };
        CommandAction.Set(command, async (context, ct) =>
        {
            using var channel = context.OpenChannel();
            var response = await new ModelService.ModelServiceClient(channel)
                .GetModelAsync(new GetModelRequest { ModelId = context.ParseResult.GetRequiredValue(id) }, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response.Model ?? new Model()));
            }
            else
            {
                ModelViews.PrintModel(context.Console, response.Model ?? new Model());
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List stored fits, newest first (with --json: one ListModelsResponse per page, one per line).")
        {
            Paging.PageSize, Paging.PageToken, Paging.All,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            using var channel = context.OpenChannel();
            var client = new ModelService.ModelServiceClient(channel);
            var request = new ListModelsRequest { PageSize = context.ParseResult.GetValue(Paging.PageSize) };
            await Paging.ForEachPageAsync(
                context,
                async token =>
                {
                    request.PageToken = token;
                    var page = await client.ListModelsAsync(request, cancellationToken: ct);
                    return (page, page.Models.Count, page.NextPageToken);
                },
                page => ModelViews.PrintModels(context.Console, page.Models),
                "models");
            return ExitCodes.Ok;
        });
        return command;
    }
}
