@echo off
rem PeerWall launcher for Windows: builds with the Maven wrapper on first use, then runs.
setlocal
set "ROOT=%~dp0"
set "TARGET=%ROOT%app\target"
where java >nul 2>nul || (echo peerwall: no 'java' on the PATH. Install JDK 17 or newer. & exit /b 3)
if not exist "%TARGET%\peerwall.built" (
  echo peerwall: first run: building PeerWall with the Maven wrapper; this takes a few minutes...
  call "%ROOT%mvnw.cmd" -B -DskipTests -Dspotless.check.skip=true install || (echo peerwall: the build failed. & exit /b 3)
  type nul > "%TARGET%\peerwall.built"
)
set /p CP=<"%TARGET%\classpath.txt"
set /p FXPATH=<"%TARGET%\javafx-path.txt"
java -XX:+UseG1GC -Dice4j.harvest.mapping.aws.enabled=false -Dice4j.harvest.mapping.stun.enabled=false ^
  --module-path "%FXPATH%" --add-modules javafx.controls ^
  -cp "%TARGET%\classes;%CP%" io.peerwall.app.Main %*
exit /b %ERRORLEVEL%
