using System.CommandLine;
using CrmGrpc.Cli.Output;
using CrmGrpc.Contracts.V1;
using Spectre.Console;

namespace CrmGrpc.Cli.Commands;

/// <summary><c>crm fit --calibration-end DATE [--models …] [--holdout-end DATE]</c>, <c>crm models list|get ID|create|grid ID</c>.</summary>
internal static class ModelCommands
{
    public static Command Fit()
    {
        var calibrationEnd = CliInputs.DateOption("--calibration-end", "Inclusive calibration end: purchases on that UTC day count.", required: true);
        var models = ModelWords.KindsOption("--models",
            "The models to fit, in order, comma-separated; the first purchase model gives the stored model's predictions. Default: the server's (bg-nbd,gamma-gamma).");
        var unit = ModelWords.UnitOption("Time unit of the summaries, parameters and horizons (months and years: bg-bb and sbg only).", required: false, TimeUnit.Weeks);
        var holdoutEnd = CliInputs.DateOption("--holdout-end",
            "Validate each purchase model on the holdout after the calibration end up to this day (inclusive): actual vs predicted repeat purchases, MAE, RMSE, tracking series.");
        var segment = new Option<string>("--segment") { Description = "Fit only this segment's customers." };
        var penalizer = CliInputs.NumberOption("--penalizer", "L2 penalty on the parameters (lifetimes' penalizer_coef); default 0.", "X", minimum: 0);
        var discountRate = CliInputs.NumberOption("--discount-rate",
            "sbg: discount rate per time unit of the expected remaining lifetime; default the equivalent of 10 % a year.", "D", minimum: 0);
        var command = new Command("fit", "Fit buy-till-you-die models on the book as of a calibration end, compare them, and store the fit (FitModels).")
        {
            calibrationEnd, models, unit, holdoutEnd, segment, penalizer, discountRate,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var request = new FitModelsRequest
            {
                CalibrationEnd = p.GetRequiredValue(calibrationEnd),
                TimeUnit = p.GetValue(unit),
                Segment = p.GetValue(segment) ?? string.Empty,
                PenalizerCoef = p.GetValue(penalizer) ?? 0,
                HoldoutEnd = p.GetValue(holdoutEnd),
            };
            if (p.GetValue(discountRate) is { } rate)
            {
                request.DiscountRate = rate;
            }

            // No --models leaves the list empty: the server's default set, whatever it becomes.
            request.Models.AddRange(p.GetValue(models) ?? []);
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
        var models = new Command("models", "Read stored model fits, or store parameters fitted elsewhere.");
        models.Add(Get());
        models.Add(List());
        models.Add(CreateModel());
        models.Add(Grid());
        return models;
    }

    /// <summary>
    /// <c>crm models grid ID [--max-frequency N] [--recency-steps N] [--age T] [--horizon H]</c>: GetPredictionGrid as CSV
    /// on stdout, one line per (frequency, recency), for the frequency/recency heatmaps; what grid it is goes to stderr.
    /// </summary>
    private static Command Grid()
    {
        var id = new Argument<string>("id") { Description = "The fit's model id." };
        var maxFrequency = CliInputs.PositiveIntOption("--max-frequency", "Rows for repeat purchases 0…N (default 20, at most 200).", "N");
        var recencySteps = CliInputs.PositiveIntOption("--recency-steps", "Columns at recency age × j / N for j = 0…N (default 20, at most 200).", "N");
        var age = CliInputs.NumberOption("--age", "The customers' age T in the model's time unit (default: from the book's first purchase to the calibration end).", "T", minimum: 0);
        var horizon = CliInputs.NumberOption("--horizon", "Expected purchases over (T, T + H] in the model's time unit (default a year).", "H", minimum: 0);
        var command = new Command("grid",
            "P(alive) and expected purchases over a grid of frequencies and recencies (GetPredictionGrid), as CSV: " +
            "frequency, recency, probability_alive, expected_purchases (NaN where a history is impossible for the model).")
        {
            id, maxFrequency, recencySteps, age, horizon,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            using var channel = context.OpenChannel();
            var response = await new ModelService.ModelServiceClient(channel).GetPredictionGridAsync(new GetPredictionGridRequest
            {
                ModelId = p.GetRequiredValue(id),
                MaxFrequency = p.GetValue(maxFrequency),
                RecencySteps = p.GetValue(recencySteps),
                Age = p.GetValue(age) ?? 0,
                Horizon = p.GetValue(horizon) ?? 0,
            }, cancellationToken: ct);
            if (context.Console.Json)
            {
                context.Console.WriteJson(Json.Format(response));
                return ExitCodes.Ok;
            }

            context.Console.Error.WriteLine(PredictionGridCsv.Describe(response));
            foreach (var line in PredictionGridCsv.Lines(response))
            {
                context.Console.WriteRawLine(line);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary><c>crm models create --kind K --param n=v … --unit U --calibration-end DATE</c>: CreateModel.</summary>
    private static Command CreateModel()
    {
        var kind = ModelWords.KindOption("--kind", "The model the parameters are of.", required: true);
        var parameters = ModelWords.ParametersOption("--param", ["--params"],
            "A parameter as name=value (repeat the option, or give a comma list: --params r=0.55,alpha=10.58); every name the model has, no other.",
            "NAME=VALUE[,...]");
        parameters.Required = true;
        var spend = ModelWords.ParametersOption("--spend", [], "Gamma-Gamma parameters for the predictive CLV: p=…,q=…,gamma=….", "p=P,q=Q,gamma=G");
        var unit = ModelWords.UnitOption("The time unit of the rate parameters and of horizons, as they were fitted.", required: true, defaultUnit: null);
        var calibrationEnd = CliInputs.DateOption("--calibration-end", "The calibration end the parameters were fitted to.", required: true);
        var segment = new Option<string>("--segment") { Description = "The segment the parameters were fitted to." };
        var command = new Command("create", "Store parameters fitted elsewhere (lifetimes, PyMC-Marketing, CLVTools) as a model that serves predictions (CreateModel).")
        {
            kind, parameters, spend, unit, calibrationEnd, segment,
        };
        CommandAction.Set(command, async (context, ct) =>
        {
            var p = context.ParseResult;
            var given = new ModelParameters
            {
                Kind = p.GetValue(kind),
                TimeUnit = p.GetValue(unit),
                CalibrationEnd = p.GetRequiredValue(calibrationEnd),
                Segment = p.GetValue(segment) ?? string.Empty,
            };
            given.Parameters.Add(p.GetRequiredValue(parameters));
            given.SpendParameters.Add(p.GetValue(spend) ?? []);
            using var channel = context.OpenChannel();
            var response = await new ModelService.ModelServiceClient(channel)
                .CreateModelAsync(new CreateModelRequest { Model = given }, cancellationToken: ct);
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
