// Reading camera moves from a prompt, in English and Simplified Chinese: "camera slowly panning
// left", "slowly zooming in while panning right", "镜头缓慢向左平移", "推近". The words come from a
// phrase table (resources/camera_phrases.json, compiled in), so wording is data, not code.
//
// Directions are the camera's: a pan left turns the camera left, so the picture slides right (as in
// film grammar, and as the diffusion model's training captions use the words); a tilt up shows
// more of what is above. Rotation is the exception, named as the viewer sees the picture turn:
// "rotating clockwise" turns the picture clockwise on screen.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace kinora {

enum class CameraMoveKind { Pan, Tilt, Zoom, Rotate, Dolly };
enum class CameraDirection { Left, Right, Up, Down, In, Out, Clockwise, CounterClockwise };
enum class CameraSpeed { Slow, Medium, Fast };

struct CameraMove {
    CameraMoveKind kind = CameraMoveKind::Zoom;
    CameraDirection direction = CameraDirection::In;
    CameraSpeed speed = CameraSpeed::Medium;
    QString words;  // the prompt's words it was read from, e.g. "slowly panning left"; empty for
                    // the default move
};

struct CameraPath {
    QList<CameraMove> moves;   // in prompt order, at most one of each kind
    bool isDefault = false;    // the prompt named no move: the gentle default (a slow zoom in)
    bool isStatic = false;     // the prompt asked for a still camera ("static camera"): no move
    QString understood;        // "pan left, slow; zoom in, medium", for the CLI and the app
    QStringList ignoredWords;  // prompt words that did not contribute, in prompt order
};

// The camera path a prompt asks for. Never fails: a prompt with no camera words gets the default
// move, reported as such in `understood`.
CameraPath parseCameraPrompt(const QString& prompt);

// How much faster than medium a speed moves: the factor on the move's distance over the clip.
double cameraSpeedFactor(CameraSpeed speed);

QString cameraMoveKindName(CameraMoveKind kind);         // "pan", "tilt", "zoom", "rotate", "dolly"
QString cameraDirectionName(CameraDirection direction);  // "left", ..., "counter-clockwise"
QString cameraSpeedName(CameraSpeed speed);              // "slow", "medium", "fast"

// {"understood", "default", "static", "moves": [{"kind", "direction", "speed", "speed_factor",
// "words"}], "ignored_words"}, as the camera engine's sidecar records it.
QJsonObject cameraPathToJson(const CameraPath& path);

// Problems in the compiled-in phrase table (an unknown kind or direction name, a word listed with
// two meanings); empty when it is sound. Entries with problems are skipped by the parser.
QStringList cameraPhraseTableProblems();

}  // namespace kinora
