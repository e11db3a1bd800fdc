import { useRef } from 'react';

// The stitched lesson: the video with its voice-over, chapter and caption tracks (captions on), and a chapter list
// that seeks when clicked. `props` is given by Chainlit: src, poster, chapters_vtt,
// subtitles_vtt, chapters [{title, start, label}].
export default function LessonPlayer() {
  const video = useRef(null);
  const seek = (start) => {
    if (!video.current) return;
    video.current.currentTime = start;
    video.current.play().catch(() => {});
  };
  return (
    <div className="flex flex-col gap-2 w-full">
      <video
        ref={video}
        className="lesson-video w-full rounded-md"
        src={props.src}
        poster={props.poster || undefined}
        controls
        preload="auto"
      >
        {props.chapters_vtt && <track kind="chapters" src={props.chapters_vtt} default />}
        {props.subtitles_vtt && (
          <track kind="subtitles" src={props.subtitles_vtt} srcLang="en" label="Narration" default />
        )}
      </video>
      <ol className="flex flex-col gap-1 text-sm">
        {(props.chapters || []).map((chapter, i) => (
          <li key={i}>
            <button
              className="lesson-chapter text-left hover:underline"
              data-start={chapter.start}
              onClick={() => seek(chapter.start)}
            >
              {i + 1}. {chapter.title} — {chapter.label}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
